using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
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

        /// <summary>An object made with <c>new</c> in the calling body and not handed to anyone before or after (<see cref="FreshObjects"/>).</summary>
        Fresh,
    }

    /// <summary>
    /// Objects no other thread can see: <c>new T(…).M()</c>, or a local initialized with <c>new</c> that the body only
    /// ever uses as the receiver of a member access (never assigned again, passed, stored, returned or captured).
    /// The locks such an object owns (<see cref="IsOwnLock"/>) cannot be waited for by anybody else, so what is
    /// taken on them orders nothing: lockdep would class them apart (<c>lockdep_set_class</c>), and LD0010 leaves them
    /// out. The test is syntactic and conservative: any other use of the name makes the object shared.
    /// </summary>
    internal static class FreshObjects
    {
        /// <summary>The kind of receiver <paramref name="instance"/> is, for a call made in a body.</summary>
        public static CallReceiver Classify(IOperation? instance, Dictionary<ILocalSymbol, bool>? memo = null)
        {
            switch (Unwrapped(instance))
            {
                case IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance }:
                    return CallReceiver.This;
                case IObjectCreationOperation:
                    return CallReceiver.Fresh;
                case ILocalReferenceOperation { Local: var local } when IsFresh(local, memo):
                    return CallReceiver.Fresh;
                default:
                    return CallReceiver.Other;
            }
        }

        /// <summary>True when <paramref name="local"/> holds an object made here and seen by nobody else.</summary>
        public static bool IsFresh(ILocalSymbol local, Dictionary<ILocalSymbol, bool>? memo = null)
        {
            if (memo is not null && memo.TryGetValue(local, out var known))
            {
                return known;
            }

            var fresh = Decide(local);
            if (memo is not null)
            {
                memo[local] = fresh;
            }

            return fresh;
        }

        /// <summary>
        /// True when <paramref name="member"/> (of an object, read as <c>obj.member</c>) is a lock the object made for
        /// itself: a read-only field or get-only property initialized with <c>new</c> where it is declared.
        /// </summary>
        public static bool IsOwnLock(ISymbol member)
        {
            var settable = member switch
            {
                IFieldSymbol field => !field.IsReadOnly,
                IPropertySymbol property => property.SetMethod is not null,
                _ => true,
            };
            if (settable || member.IsStatic || member.DeclaringSyntaxReferences.Length != 1)
            {
                return false;
            }

            var initializer = member.DeclaringSyntaxReferences[0].GetSyntax() switch
            {
                VariableDeclaratorSyntax declarator => declarator.Initializer,
                PropertyDeclarationSyntax property => property.Initializer,
                _ => null,
            };
            return initializer?.Value is BaseObjectCreationExpressionSyntax;
        }

        private static IOperation? Unwrapped(IOperation? operation)
        {
            while (operation is IConversionOperation { IsImplicit: true } conversion)
            {
                operation = conversion.Operand;
            }

            return operation;
        }

        private static bool Decide(ILocalSymbol local)
        {
            if (local.IsRef || local.DeclaringSyntaxReferences.Length != 1
                || local.DeclaringSyntaxReferences[0].GetSyntax() is not VariableDeclaratorSyntax { Initializer.Value: BaseObjectCreationExpressionSyntax } declarator)
            {
                return false;
            }

            var function = EnclosingFunction(declarator);
            if (function is null)
            {
                return false;
            }

            foreach (var token in function.DescendantTokens())
            {
                if (!token.IsKind(SyntaxKind.IdentifierToken) || token.ValueText != local.Name || token.Parent is not IdentifierNameSyntax name)
                {
                    continue;
                }

                // The only use allowed: the receiver of a member access, in the function that declares it.
                if (name.Parent is not MemberAccessExpressionSyntax access || access.Expression != name
                    || !access.IsKind(SyntaxKind.SimpleMemberAccessExpression) || EnclosingFunction(name) != function)
                {
                    return false;
                }
            }

            return true;
        }

        private static SyntaxNode? EnclosingFunction(SyntaxNode node)
        {
            for (var current = node.Parent; current is not null; current = current.Parent)
            {
                switch (current)
                {
                    case AnonymousFunctionExpressionSyntax:
                    case LocalFunctionStatementSyntax:
                    case BaseMethodDeclarationSyntax:
                    case AccessorDeclarationSyntax:
                    case PropertyDeclarationSyntax:
                    case IndexerDeclarationSyntax:
                        return current;
                }
            }

            return null;
        }
    }
}
