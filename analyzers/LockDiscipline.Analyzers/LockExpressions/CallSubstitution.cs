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
        private readonly System.Func<IOperation, LockPath, LockPath>? _rebind;

        public CallSubstitution(OperationPathResolver resolver, IOperation? instance, System.Collections.Immutable.ImmutableArray<IArgumentOperation> arguments)
        {
            _resolver = resolver;
            _instance = instance;
            _arguments = arguments.IsDefault ? System.Collections.Immutable.ImmutableArray<IArgumentOperation>.Empty : arguments;
            _rebind = null;
        }

        private CallSubstitution(CallSubstitution unbound, System.Func<IOperation, LockPath, LockPath> rebind)
        {
            _resolver = unbound._resolver;
            _instance = unbound._instance;
            _arguments = unbound._arguments;
            _rebind = rebind;
        }

        /// <summary>
        /// The same substitution, with each operand's path passed through <paramref name="rebind"/>: on one path
        /// of the flow a variable may name a lock held under another name (<c>last = next</c>), which is not
        /// something the syntax alone can tell.
        /// </summary>
        public CallSubstitution WithRebinding(System.Func<IOperation, LockPath, LockPath> rebind) => new CallSubstitution(this, rebind);

        /// <summary>The same substitution without rebinding: the path as the code spells it.</summary>
        public CallSubstitution Unbound => _rebind is null ? this : new CallSubstitution(_resolver, _instance, _arguments);

        /// <summary>The caller's path for <paramref name="calleePath"/>, or null when the argument it depends on is no path.</summary>
        public LockPath? Apply(LockPath calleePath)
        {
            switch (calleePath.RootKind)
            {
                case LockRootKind.Static:
                    return calleePath;
                case LockRootKind.This:
                    return OperandPath(_instance)?.AppendAll(calleePath);
                case LockRootKind.Parameter:
                    return OperandPath(Argument(calleePath.ParameterOrdinal)?.Value)?.AppendAll(calleePath);
                default:
                    return null;
            }
        }

        private LockPath? OperandPath(IOperation? operand)
        {
            var path = _resolver.PathOf(operand);
            return path is null || _rebind is null ? path : _rebind(operand!, path);
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
