using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace LockDiscipline.Analyzers.LockExpressions
{
    /// <summary>
    /// Rewrites a lock path in a callee's terms (its <c>this</c> and parameters) into the caller's terms at
    /// one call: <c>[Releases("this")]</c> on <c>SpinLockT.Unlock</c>, called as
    /// <c>mapping.ISharedLock.Unlock()</c>, releases <c>mapping.ISharedLock</c>.
    /// </summary>
    internal readonly struct CallSubstitution
    {
        private readonly OperationPathResolver _resolver;
        private readonly IOperation? _instance;
        private readonly System.Collections.Immutable.ImmutableArray<IArgumentOperation> _arguments;

        public CallSubstitution(OperationPathResolver resolver, IOperation? instance, System.Collections.Immutable.ImmutableArray<IArgumentOperation> arguments)
        {
            _resolver = resolver;
            _instance = instance;
            _arguments = arguments.IsDefault ? System.Collections.Immutable.ImmutableArray<IArgumentOperation>.Empty : arguments;
        }

        /// <summary>The caller's path for <paramref name="calleePath"/>, or null when the argument it depends on is no path.</summary>
        public LockPath? Apply(LockPath calleePath)
        {
            switch (calleePath.RootKind)
            {
                case LockRootKind.Static:
                    return calleePath;
                case LockRootKind.This:
                    return _resolver.PathOf(_instance)?.AppendAll(calleePath);
                case LockRootKind.Parameter:
                    var argument = Argument(calleePath.ParameterOrdinal);
                    return argument is null ? null : _resolver.PathOf(argument.Value)?.AppendAll(calleePath);
                default:
                    return null;
            }
        }

        /// <summary>The caller's operation that <paramref name="calleePath"/>'s root stands for, whose text spells the lock in messages.</summary>
        public IOperation? SpellingRoot(LockPath calleePath) => calleePath.RootKind switch
        {
            LockRootKind.This => _instance,
            LockRootKind.Parameter => Argument(calleePath.ParameterOrdinal)?.Value,
            _ => null,
        };

        public IArgumentOperation? Argument(int ordinal)
        {
            foreach (var argument in _arguments)
            {
                if (argument.Parameter?.Ordinal == ordinal)
                {
                    return argument;
                }
            }

            return null;
        }
    }
}

namespace LockDiscipline.Analyzers.LockExpressions
{
    /// <summary>
    /// A <see cref="CallSubstitution"/> frozen into paths, to be applied after the method's analysis
    /// is over (the inference closes at the end of the compilation).
    /// </summary>
    internal sealed class ResolvedBinding
    {
        public ResolvedBinding(LockPath? receiver, System.Collections.Immutable.ImmutableArray<LockPath?> argumentsByOrdinal)
        {
            Receiver = receiver;
            ArgumentsByOrdinal = argumentsByOrdinal;
        }

        public LockPath? Receiver { get; }

        public System.Collections.Immutable.ImmutableArray<LockPath?> ArgumentsByOrdinal { get; }

        public static ResolvedBinding Resolve(CallSubstitution substitution, IMethodSymbol callee, OperationPathResolver resolver, IOperation? instance)
        {
            var builder = System.Collections.Immutable.ImmutableArray.CreateBuilder<LockPath?>(callee.Parameters.Length);
            for (var i = 0; i < callee.Parameters.Length; i++)
            {
                builder.Add(resolver.PathOf(substitution.Argument(i)?.Value));
            }

            return new ResolvedBinding(resolver.PathOf(instance), builder.MoveToImmutable());
        }

        public LockPath? Apply(LockPath calleePath) => calleePath.RootKind switch
        {
            LockRootKind.Static => calleePath,
            LockRootKind.This => Receiver?.AppendAll(calleePath),
            LockRootKind.Parameter when calleePath.ParameterOrdinal < ArgumentsByOrdinal.Length =>
                ArgumentsByOrdinal[calleePath.ParameterOrdinal]?.AppendAll(calleePath),
            _ => null,
        };
    }
}
