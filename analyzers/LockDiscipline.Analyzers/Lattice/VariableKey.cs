using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;

namespace LockDiscipline.Analyzers.Lattice
{
    /// <summary>
    /// A variable whose value the analysis tracks: a local, a parameter, or a CFG flow capture. Its hash is
    /// taken once, when the key is made: a path's values are looked up and joined by comparing keys, and on a
    /// long body with many variables (an iterator with hand-over-hand locking in StackExchange.Redis: 412 ms of
    /// a 27 s compile) the symbol comparer's equality test of two different locals was most of the flow's time.
    /// Keys with different hashes are different; only equal hashes go on to the comparer.
    /// </summary>
    internal readonly struct VariableKey : IEquatable<VariableKey>
    {
        private readonly ISymbol? _symbol;
        private readonly CaptureId _capture;
        private readonly bool _isCapture;
        private readonly int _hash;

        private VariableKey(ISymbol? symbol, CaptureId capture, bool isCapture)
        {
            _symbol = symbol;
            _capture = capture;
            _isCapture = isCapture;
            _hash = isCapture ? capture.GetHashCode() : SymbolEqualityComparer.Default.GetHashCode(symbol);
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
            _hash == other._hash
            && (_isCapture ? other._isCapture && _capture.Equals(other._capture)
                           : !other._isCapture && (ReferenceEquals(_symbol, other._symbol) || SymbolEqualityComparer.Default.Equals(_symbol, other._symbol)));

        public override bool Equals(object? obj) => obj is VariableKey k && Equals(k);

        public override int GetHashCode() => _hash;

        public override string ToString() => _isCapture ? "capture" + _capture.GetHashCode() : Name;
    }
}
