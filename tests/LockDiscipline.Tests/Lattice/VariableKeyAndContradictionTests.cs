using System.Linq;
using LockDiscipline.Analyzers.Lattice;
using LockDiscipline.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Xunit;

namespace LockDiscipline.Tests.Lattice
{
    /// <summary>
    /// Two shortcuts the lattice takes on long bodies, pinned against what they stand for: a variable key
    /// compares its hash, taken when it is made, before its symbol; and a value that cannot contradict any
    /// value is not looked up on the other path.
    /// </summary>
    public class VariableKeyAndContradictionTests
    {
        private const string Source = "class C { void M(bool p, object q) { var a = p; var b = q; } }";

        private static (IParameterSymbol[] Parameters, ILocalSymbol[] Locals, SemanticModel Model) Symbols()
        {
            var compilation = DirectRunner.Compile(new[] { ("C.cs", Source) });
            var tree = compilation.SyntaxTrees[0];
            var model = compilation.GetSemanticModel(tree);
            var method = (IMethodSymbol)compilation.GetTypeByMetadataName("C")!.GetMembers("M").Single();
            var locals = tree.GetRoot().DescendantNodes().OfType<VariableDeclaratorSyntax>()
                .Select(d => (ILocalSymbol)model.GetDeclaredSymbol(d)!).ToArray();
            return (method.Parameters.ToArray(), locals, model);
        }

        [Fact]
        public void KeysOfOneSymbol_AreEqual_WithOneHash_AndKeysOfOthers_AreNot()
        {
            var (parameters, locals, model) = Symbols();
            var all = parameters.Cast<ISymbol>().Concat(locals).ToArray();
            foreach (var x in all)
            {
                foreach (var y in all)
                {
                    var same = SymbolEqualityComparer.Default.Equals(x, y);
                    Assert.Equal(same, VariableKey.Of(x).Equals(VariableKey.Of(y)));
                    if (same)
                    {
                        Assert.Equal(VariableKey.Of(x).GetHashCode(), VariableKey.Of(y).GetHashCode());
                    }
                }
            }

            // The same local, found again through a second model: another lookup, the same key.
            var again = (ILocalSymbol)model.Compilation.GetSemanticModel(model.SyntaxTree)
                .GetDeclaredSymbol(model.SyntaxTree.GetRoot().DescendantNodes().OfType<VariableDeclaratorSyntax>().First())!;
            Assert.Equal(VariableKey.Of(locals[0]), VariableKey.Of(again));
            Assert.Equal(VariableKey.Of(locals[0]).GetHashCode(), VariableKey.Of(again).GetHashCode());
        }

        [Fact]
        public void AValueThatCannotContradict_ContradictsNoValue_EitherWay()
        {
            var values = (from n in new[] { NullState.Unknown, NullState.NonNull, NullState.Null, NullState.MaybeNull }
                          from b in new[] { BoolState.Unknown, BoolState.True, BoolState.False }
                          select new AbstractValue(n, b)).ToArray();
            var silent = 0;
            foreach (var a in values)
            {
                if (a.CanContradict)
                {
                    Assert.Contains(values, b => AbstractValue.Contradict(a, b));
                    Assert.Contains(values, b => AbstractValue.Contradict(b, a));
                    continue;
                }

                silent++;
                Assert.All(values, b => Assert.False(AbstractValue.Contradict(a, b) || AbstractValue.Contradict(b, a)));
            }

            Assert.Equal(2, silent); // untracked, and maybe-null, each with no truth
        }

        [Fact]
        public void PathsAreToldApart_ByTheirOneContradictingValue_AmongManyThatCannot()
        {
            var (parameters, locals, _) = Symbols();
            var flag = VariableKey.Of(parameters[0]);
            var common = PathState.Empty;
            foreach (var symbol in parameters.Skip(1).Cast<ISymbol>().Concat(locals))
            {
                common = common.WithValue(VariableKey.Of(symbol), AbstractValue.MaybeNullHandle);
            }

            var whenTrue = common.WithValue(flag, AbstractValue.True);
            var whenFalse = common.WithValue(flag, AbstractValue.False);
            Assert.True(whenTrue.Distinguishable(whenFalse));
            Assert.True(whenFalse.Distinguishable(whenTrue));
            Assert.False(whenTrue.Distinguishable(common.WithValue(flag, AbstractValue.True)));

            // Known on one path only: the other path's value for it is its default (unknown), which contradicts nothing.
            Assert.False(common.Distinguishable(whenTrue));
        }
    }
}
