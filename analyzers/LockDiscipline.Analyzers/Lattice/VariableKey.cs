using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;

namespace LockDiscipline.Analyzers.Lattice
{
    /// <summary>A variable whose value the analysis tracks: a local, a parameter, or a CFG flow capture.</summary>
    internal readonly struct VariableKey : IEquatable<VariableKey>
    {
        private readonly ISymbol? _symbol;
        private readonly CaptureId _capture;
        private readonly bool _isCapture;

        private VariableKey(ISymbol? symbol, CaptureId capture, bool isCapture)
        {
            _symbol = symbol;
            _capture = capture;
            _isCapture = isCapture;
        }

        public static VariableKey Of(ISymbol symbol) => new VariableKey(symbol, default, false);

        public static VariableKey Of(CaptureId capture) => new VariableKey(null, capture, true);

        public ITypeSymbol? Type => _symbol switch
        {
            ILocalSymbol l => l.Type,
            IParameterSymbol p => p.Type,
            _ => null,
        };

        public bool IsLocal => _symbol is ILocalSymbol;

        /// <summary>The local or parameter; null for a flow capture.</summary>
        public ISymbol? Symbol => _symbol;

        public bool IsCapture => _isCapture;

        public CaptureId CaptureId => _capture;

        public string Name => _symbol?.Name ?? "capture";

        public bool Equals(VariableKey other) =>
            _isCapture ? other._isCapture && _capture.Equals(other._capture)
                       : !other._isCapture && SymbolEqualityComparer.Default.Equals(_symbol, other._symbol);

        public override bool Equals(object? obj) => obj is VariableKey k && Equals(k);

        public override int GetHashCode() => _isCapture ? _capture.GetHashCode() : SymbolEqualityComparer.Default.GetHashCode(_symbol);

        public override string ToString() => _isCapture ? "capture" + _capture.GetHashCode() : Name;
    }
}
