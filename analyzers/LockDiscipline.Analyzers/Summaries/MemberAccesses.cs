using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using LockDiscipline.Analyzers.Annotations;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace LockDiscipline.Analyzers.Summaries
{
    /// <summary>How a field or auto-property is touched at one site (LD0013).</summary>
    internal enum AccessKind
    {
        Read,

        /// <summary>Assigned, compound-assigned, <c>??=</c>, <c>++</c> or <c>--</c>.</summary>
        Write,

        /// <summary>A collection it holds is changed: <c>Add</c>, <c>Remove</c>, <c>Clear</c>, an indexer set, ….</summary>
        Mutate,

        /// <summary>A collection it holds is enumerated (<c>foreach</c>, <c>GetEnumerator()</c>).</summary>
        Enumerate,
    }

    /// <summary>
    /// Which members LD0013 watches, and what one reference to them does. Only <em>private</em> fields
    /// and auto-properties: every access to them is in the text of their type (its partial parts and
    /// nested types), so the sites of one member can be listed by scanning one type, and nothing
    /// outside it can take part. Not watched: constants, <c>volatile</c> and <c>[ThreadStatic]</c> fields,
    /// members with <c>[GuardedBy]</c> (LD0008's), locks themselves, and <c>readonly</c> members unless
    /// they hold a collection that can be changed in place.
    /// </summary>
    internal static class MemberAccesses
    {
        /// <summary>Methods of the non-concurrent .NET collections that change them.</summary>
        private static readonly ImmutableHashSet<string> Mutators = ImmutableHashSet.Create(
            "Add", "AddFirst", "AddLast", "AddBefore", "AddAfter", "AddRange", "Clear", "Remove", "RemoveAt", "RemoveAll",
            "RemoveRange", "RemoveFirst", "RemoveLast", "RemoveWhere", "Insert", "InsertRange", "Enqueue", "EnqueueRange",
            "Dequeue", "TryDequeue", "Push", "Pop", "TryPop", "TryAdd", "Sort", "Reverse", "TrimExcess", "EnsureCapacity",
            "UnionWith", "IntersectWith", "ExceptWith", "SymmetricExceptWith", "SetItem");

        /// <summary>
        /// The watched members a body of <paramref name="type"/> can reach without a receiver of another
        /// object: those of the type and of the types it is nested in.
        /// </summary>
        public static WatchedMembers CandidatesFor(INamedTypeSymbol type, ContractReader contracts)
        {
            var members = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
            for (var current = type; current is not null; current = current.ContainingType)
            {
                members.UnionWith(DeclaredCandidates(current, contracts));
            }

            return WatchedMembers.Of(members);
        }

        private static IEnumerable<ISymbol> DeclaredCandidates(INamedTypeSymbol type, ContractReader contracts)
        {
            var members = type.GetMembers();
            var autoProperties = new HashSet<ISymbol>(
                members.OfType<IFieldSymbol>().Where(f => f.AssociatedSymbol is IPropertySymbol).Select(f => f.AssociatedSymbol!),
                SymbolEqualityComparer.Default);
            foreach (var member in members)
            {
                if (member.DeclaredAccessibility != Accessibility.Private || member.DeclaringSyntaxReferences.Length == 0 || member.IsImplicitlyDeclared)
                {
                    continue;
                }

                switch (member)
                {
                    case IFieldSymbol field when !field.IsConst && !field.IsVolatile && !IsLockObject(field.Type)
                        && (!field.IsReadOnly || IsCollection(field.Type)) && !IsThreadStatic(field) && contracts.GuardOf(field) is null:
                        yield return field.OriginalDefinition;
                        break;
                    case IPropertySymbol property when !property.IsIndexer && autoProperties.Contains(property) && !IsLockObject(property.Type)
                        && (property.SetMethod is { IsInitOnly: false } || IsCollection(property.Type)) && contracts.GuardOf(property) is null:
                        yield return property.OriginalDefinition;
                        break;
                }
            }
        }

        private static bool IsThreadStatic(IFieldSymbol field) =>
            field.GetAttributes().Any(a => a.AttributeClass is { Name: "ThreadStaticAttribute" });

        private static bool IsLockObject(ITypeSymbol? type) =>
            LockTypes.IsLockType(type) || LockTypes.IsSystemThreading(type, "Lock") || LockTypes.IsSystemThreading(type, "ReaderWriterLockSlim")
            || LockTypes.IsSystemThreading(type, "Mutex") || LockTypes.IsCounting(type);

        /// <summary>
        /// A .NET collection that is not safe to change from two threads (a class of <c>System.Collections</c>,
        /// <c>.Generic</c> or <c>.ObjectModel</c>, or one derived from it); not an interface (it may hold a
        /// concurrent one), not the concurrent, immutable or frozen collections, not an array.
        /// </summary>
        public static bool IsCollection(ITypeSymbol? type)
        {
            if (type is not INamedTypeSymbol { TypeKind: TypeKind.Class or TypeKind.Struct } named)
            {
                return false;
            }

            for (var t = named; t is not null; t = t.BaseType)
            {
                if (t.ContainingNamespace is { Name: var inner } ns && ns.ContainingNamespace is { Name: "Collections" } collections
                    && collections.ContainingNamespace is { Name: "System" } system && system.ContainingNamespace is { IsGlobalNamespace: true }
                    && inner is "Generic" or "ObjectModel")
                {
                    return true;
                }

                if (t.ContainingNamespace is { Name: "Collections" } direct && direct.ContainingNamespace is { Name: "System" } sys
                    && sys.ContainingNamespace is { IsGlobalNamespace: true })
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The watched member a reference touches, if it is one, through <c>this</c> (or statically).</summary>
        public static ISymbol? WatchedMember(IOperation operation, WatchedMembers candidates) =>
            MemberOfThis(operation) is { } member && candidates.Contains(member) ? member : null;

        /// <summary>The field or plain property a reference touches through <c>this</c> (or statically), as declared; null for any other operation.</summary>
        public static ISymbol? MemberOfThis(IOperation operation)
        {
            var (member, instance) = operation switch
            {
                IFieldReferenceOperation f => ((ISymbol?)f.Field, f.Instance),
                IPropertyReferenceOperation { Arguments.IsEmpty: true } p => (p.Property, p.Instance),
                _ => (null, null),
            };
            return member is not null
                && (instance is null || instance is IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance })
                ? member.OriginalDefinition
                : null;
        }

        /// <summary>What <paramref name="reference"/> does to its member; null where it cannot be told (passed by reference, <c>nameof</c>, a deconstruction).</summary>
        public static AccessKind? Classify(IOperation reference)
        {
            switch (reference.Parent)
            {
                case IAssignmentOperation assignment when assignment.Target == reference:
                    return AccessKind.Write;
                case IIncrementOrDecrementOperation:
                    return AccessKind.Write;
                case IArgumentOperation { Parameter: { RefKind: not RefKind.None } }:
                case INameOfOperation:
                case ITupleOperation:
                    return null;
                case null:
                    return AccessKind.Read; // a control-flow graph's value of its own: a branch's value, a returned one
            }

            var receiver = reference;
            var parent = reference.Parent;
            while (parent is IConversionOperation { OperatorMethod: null } conversion)
            {
                receiver = conversion;
                parent = conversion.Parent;
            }

            if (!IsCollection(reference.Type))
            {
                return AccessKind.Read;
            }

            switch (parent)
            {
                case IInvocationOperation invocation when invocation.Instance == receiver:
                    return invocation.TargetMethod.Name == "GetEnumerator" && invocation.Arguments.IsEmpty ? AccessKind.Enumerate
                        : Mutators.Contains(invocation.TargetMethod.Name) ? AccessKind.Mutate
                        : AccessKind.Read;
                case IPropertyReferenceOperation { Arguments.IsEmpty: false } indexer when indexer.Instance == receiver:
                    return indexer.Parent is IAssignmentOperation set && set.Target == indexer || indexer.Parent is IIncrementOrDecrementOperation
                        ? AccessKind.Mutate
                        : AccessKind.Read;
                case IForEachLoopOperation loop when loop.Collection == receiver:
                    return AccessKind.Enumerate;
                default:
                    return AccessKind.Read;
            }
        }

        /// <summary>
        /// From syntax alone: might the reference spelled at <paramref name="expression"/> write, change or
        /// enumerate what it names? Only those are bound when reads are not reported.
        /// </summary>
        public static bool MayWrite(ExpressionSyntax expression) => expression.Parent switch
        {
            AssignmentExpressionSyntax assignment => assignment.Left == expression,
            PrefixUnaryExpressionSyntax or PostfixUnaryExpressionSyntax => IsIncrementOrDecrement(expression.Parent),
            MemberAccessExpressionSyntax access => access.Expression == expression && access.Parent is InvocationExpressionSyntax,
            ElementAccessExpressionSyntax element => element.Expression == expression
                && (element.Parent is AssignmentExpressionSyntax a && a.Left == element
                    || element.Parent is { } step && IsIncrementOrDecrement(step)),
            ForEachStatementSyntax loop => loop.Expression == expression,
            _ => false,
        };

        /// <summary>The expression that spells a reference whose name is <paramref name="name"/>: the name, or <c>this.name</c>, <c>T.name</c>.</summary>
        public static ExpressionSyntax SpelledReference(SimpleNameSyntax name) =>
            name.Parent is MemberAccessExpressionSyntax access && access.Name == name ? access : name;

        /// <summary>True inside code that runs before the object is shared (a constructor, an initializer), or at another time (a lambda, a local function), or in no code at all.</summary>
        public static bool InConstructorInitializerOrNestedFunction(SyntaxNode node)
        {
            for (var current = node.Parent; current is not null; current = current.Parent)
            {
                switch (current)
                {
                    case ConstructorDeclarationSyntax:
                    case AnonymousFunctionExpressionSyntax:
                    case LocalFunctionStatementSyntax:
                    case AttributeSyntax:
                    case EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax { Parent.Parent: FieldDeclarationSyntax } }:
                    case EqualsValueClauseSyntax { Parent: PropertyDeclarationSyntax }:
                    case EqualsValueClauseSyntax { Parent: ParameterSyntax }:
                        return true;
                    case MemberDeclarationSyntax:
                        return current is not (MethodDeclarationSyntax or AccessorDeclarationSyntax or PropertyDeclarationSyntax
                            or IndexerDeclarationSyntax or OperatorDeclarationSyntax or ConversionOperatorDeclarationSyntax
                            or EventDeclarationSyntax or DestructorDeclarationSyntax);
                }
            }

            return true;
        }

        /// <summary>True in a member whose text has syntax errors: code being typed is not judged.</summary>
        public static bool InCodeWithErrors(SyntaxNode node) =>
            node.FirstAncestorOrSelf<MemberDeclarationSyntax>(m => m is BaseMethodDeclarationSyntax or BasePropertyDeclarationSyntax or BaseFieldDeclarationSyntax)
                is { ContainsDiagnostics: true };

        /// <summary>True when <paramref name="node"/> sits in a lambda or local function below <paramref name="body"/>.</summary>
        public static bool InNestedFunction(SyntaxNode node, SyntaxNode? body)
        {
            for (var current = node.Parent; current is not null && current != body; current = current.Parent)
            {
                if (current is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)
                {
                    return true;
                }
            }

            return false;
        }

        internal static bool IsIncrementOrDecrement(SyntaxNode node) =>
            node.IsKind(SyntaxKind.PreIncrementExpression) || node.IsKind(SyntaxKind.PreDecrementExpression)
            || node.IsKind(SyntaxKind.PostIncrementExpression) || node.IsKind(SyntaxKind.PostDecrementExpression);
    }
}
