using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using LockDiscipline.Analyzers.Flow;
using LockDiscipline.Analyzers.LockExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace LockDiscipline.Analyzers.Summaries
{
    /// <summary>What a call's receiver is, as the acquisition graph needs it: the caller's own object, one made here that nobody else can see, or any other.</summary>
    internal enum CallReceiver
    {
        /// <summary>A static call, or an instance of unknown provenance.</summary>
        Other,

        /// <summary><c>this</c>, spelled or implied: the callee's object is the caller's.</summary>
        This,

        /// <summary>An object this body made with <c>new</c> and never handed to anyone (<see cref="FreshObjects"/>).</summary>
        Fresh,
    }

    /// <summary>
    /// The objects one body makes that no other thread can see: <c>new T(…).M()</c>, or a local initialized with
    /// <c>new</c> that the body only ever calls methods on or reads and writes members of — never assigned again,
    /// passed (an extension method's receiver included), stored, returned, used as a delegate (<c>w.Run</c>), locked,
    /// or captured by a lambda — and whose constructor does not hand out <c>this</c> either
    /// (<see cref="ConstructorKeepsThis"/>). The locks such an object owns (<see cref="IsOwnLock"/>) cannot be waited
    /// for by anybody else, so what is taken on them orders nothing: lockdep would class them apart
    /// (<c>lockdep_set_class</c>), and LD0010 leaves them out. A method called on the object may still publish
    /// <c>this</c> (register itself somewhere): that is not followed.
    /// The body scan notes the candidates as it walks (<see cref="Note"/>); their uses are read once, after the walk, and only
    /// when a call on one of them asks.
    /// </summary>
    internal sealed class FreshObjects
    {
        private readonly AnalysisServices _services;
        private readonly ISymbol _owner;
        private Dictionary<ILocalSymbol, IMethodSymbol?>? _madeWithNew;
        private HashSet<ILocalSymbol>? _escaped;

        private readonly IOperation _root;

        /// <param name="root">The body's operations, read for the candidates' uses when a call on one of them first asks.</param>
        public FreshObjects(AnalysisServices services, ISymbol owner, IOperation root)
        {
            _services = services;
            _owner = owner;
            _root = root;
        }

        /// <summary>Records a declarator of the walk: a local initialized with <c>new</c> is a candidate. Its uses are read only if a call on it asks.</summary>
        public void Note(IVariableDeclaratorOperation declarator)
        {
            if (declarator is { Symbol: { IsRef: false } local, Initializer.Value: var value } && Unwrapped(value) is IObjectCreationOperation creation)
            {
                (_madeWithNew ??= new Dictionary<ILocalSymbol, IMethodSymbol?>(SymbolEqualityComparer.Default))[local] = creation.Constructor;
            }
        }

        /// <summary><c>this</c>, spelled or implied: a call on it runs on the caller's own object. Known at the call, without the walk.</summary>
        public static bool IsThis(IOperation? instance) =>
            Unwrapped(instance) is IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance };

        /// <summary>The candidates handed out somewhere in the body: one walk, the first time a call on one of them asks.</summary>
        private HashSet<ILocalSymbol> Escaped()
        {
            if (_escaped is null)
            {
                _escaped = new HashSet<ILocalSymbol>(SymbolEqualityComparer.Default);
                foreach (var operation in _root.DescendantsAndSelf())
                {
                    if (operation is ILocalReferenceOperation reference && _madeWithNew!.ContainsKey(reference.Local) && !KeptHere(reference))
                    {
                        _escaped.Add(reference.Local);
                    }
                }
            }

            return _escaped;
        }

        /// <summary>The kind of receiver <paramref name="instance"/> is, for a call made in the body.</summary>
        public CallReceiver Classify(IOperation? instance) => IsThis(instance) ? CallReceiver.This : Unwrapped(instance) switch
        {
            IObjectCreationOperation creation when ConstructorKeepsThis(creation.Constructor) => CallReceiver.Fresh,
            ILocalReferenceOperation { Local: var local } when IsFresh(local) => CallReceiver.Fresh,
            _ => CallReceiver.Other,
        };

        /// <summary>A lock that an object made in this body owns (<c>fresh.Gate</c>): nobody else can wait for it.</summary>
        public bool OwnsLock(LockPath path) =>
            path.RootKind == LockRootKind.Local && path.Members.Length == 1 && path.Root is ILocalSymbol local
            && IsOwnLock(path.Members[0]) && IsFresh(local);

        public bool IsFresh(ILocalSymbol local) =>
            _madeWithNew is not null && _madeWithNew.TryGetValue(local, out var constructor)
            && !Escaped().Contains(local) && ConstructorKeepsThis(constructor);

        /// <summary>
        /// True when <paramref name="member"/> (of an object, read as <c>obj.member</c>) is a lock the object made for
        /// itself: a read-only field or get-only property of a class, initialized with <c>new</c> where it is declared,
        /// that no constructor assigns.
        /// </summary>
        public static bool IsOwnLock(ISymbol member)
        {
            var settable = member switch
            {
                IFieldSymbol field => !field.IsReadOnly,
                IPropertySymbol property => property.SetMethod is not null,
                _ => true,
            };
            if (settable || member.IsStatic || member.ContainingType is not { IsReferenceType: true } || member.DeclaringSyntaxReferences.Length != 1)
            {
                return false;
            }

            var initializer = member.DeclaringSyntaxReferences[0].GetSyntax() switch
            {
                VariableDeclaratorSyntax declarator => declarator.Initializer,
                PropertyDeclarationSyntax property => property.Initializer,
                _ => null,
            };
            return initializer?.Value is BaseObjectCreationExpressionSyntax && MemberWrites.IsMadeWhereDeclared(member);
        }

        /// <summary>The uses that keep the object to this body: a call on it, a member read or written through it, in the function that made it.</summary>
        private bool KeptHere(ILocalReferenceOperation reference)
        {
            if (reference.IsDeclaration || !SymbolEqualityComparer.Default.Equals(reference.Local.ContainingSymbol, EnclosingFunction(reference)))
            {
                return false;
            }

            IOperation use = reference;
            while (use.Parent is IConversionOperation { IsImplicit: true } conversion)
            {
                use = conversion;
            }

            return use.Parent switch
            {
                IInvocationOperation invocation => invocation.Instance == use,
                IFieldReferenceOperation field => field.Instance == use,
                IPropertyReferenceOperation property => property.Instance == use,
                IEventReferenceOperation @event => @event.Instance == use,
                _ => false,
            };
        }

        private ISymbol? EnclosingFunction(IOperation operation)
        {
            for (var current = operation.Parent; current is not null; current = current.Parent)
            {
                switch (current)
                {
                    case IAnonymousFunctionOperation lambda:
                        return lambda.Symbol;
                    case ILocalFunctionOperation localFunction:
                        return localFunction.Symbol;
                }
            }

            return _owner;
        }

        /// <summary>
        /// True when a constructor of the compilation does not hand out the object it makes: its body (and the
        /// constructor it chains to) uses <c>this</c> only to call methods and reach members, never passes it, stores it,
        /// makes a delegate of one of its methods (<c>new Thread(Run)</c>) or a lambda. Decided once a constructor.
        /// </summary>
        private bool ConstructorKeepsThis(IMethodSymbol? constructor) =>
            constructor is not null && _services.ConstructorKeepsThis(constructor.OriginalDefinition, KeepsThis);

        private bool KeepsThis(IMethodSymbol constructor)
        {
            if (constructor.DeclaringSyntaxReferences.Length == 0)
            {
                // An implicit constructor runs field initializers, which cannot name `this`; a library type's constructor
                // (a List<T>, an object) has no lock of ours to take.
                return true;
            }

            foreach (var reference in constructor.DeclaringSyntaxReferences)
            {
                var syntax = reference.GetSyntax();
                if (syntax is not ConstructorDeclarationSyntax)
                {
                    continue; // a record's or a primary constructor's parameters are stored, nothing more
                }

                if (_services.ModelOf(syntax.SyntaxTree).GetOperation(syntax, CancellationToken.None) is not { } body || !KeepsThisIn(body))
                {
                    return false;
                }
            }

            return true;
        }

        private static bool KeepsThisIn(IOperation body)
        {
            foreach (var operation in body.DescendantsAndSelf())
            {
                switch (operation)
                {
                    case IAnonymousFunctionOperation or ILocalFunctionOperation or IMethodReferenceOperation:
                        return false;
                    case IInvocationOperation { Instance: null, TargetMethod.MethodKind: MethodKind.Constructor }:
                        break;
                    case IInstanceReferenceOperation self when !AsReceiver(self):
                        return false;
                }
            }

            return true;
        }

        private static bool AsReceiver(IInstanceReferenceOperation self) => self.Parent switch
        {
            IInvocationOperation invocation => invocation.Instance == self,
            IFieldReferenceOperation field => field.Instance == self,
            IPropertyReferenceOperation property => property.Instance == self,
            IEventReferenceOperation @event => @event.Instance == self,
            _ => false,
        };

        private static IOperation? Unwrapped(IOperation? operation)
        {
            while (operation is IConversionOperation { IsImplicit: true } conversion)
            {
                operation = conversion.Operand;
            }

            return operation;
        }
    }
}
