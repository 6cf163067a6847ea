using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace LockDiscipline.Analyzers.Prefilter
{
    /// <summary>
    /// The code blocks of one syntax tree, found by walking its declarations (never a body): the same
    /// (code block, owning symbol) pairs the analyzer driver would hand a code-block action, so that the
    /// flow analyzer can run once per tree and spare the driver's per-declaration bookkeeping (which walks
    /// every node and token of every declaration, trivia included). The owning symbol is asked for only
    /// when a block is worth it: see <see cref="DeclaredCodeBlock.Owner"/>.
    /// </summary>
    internal static class DeclaredCodeBlocks
    {
        /// <summary>The code blocks of <paramref name="root"/>, in source order; with a span, only those of declarations that meet it.</summary>
        public static List<DeclaredCodeBlock> In(CompilationUnitSyntax root, TextSpan? span)
        {
            var blocks = new List<DeclaredCodeBlock>();
            if (HasGlobalStatements(root))
            {
                blocks.Add(new DeclaredCodeBlock(root, root, OwnerKind.EntryPoint, root));
            }

            if (root.AttributeLists.Count > 0)
            {
                // Assembly attributes make the file a code block of the global namespace too, and of the type
                // that top-level statements declare, as the driver sees them.
                blocks.Add(new DeclaredCodeBlock(root, root, OwnerKind.GlobalNamespace, root));
                if (HasGlobalStatements(root))
                {
                    blocks.Add(new DeclaredCodeBlock(root, root, OwnerKind.EntryPointType, root));
                }
            }

            AddMembers(root.Members, null, blocks);
            if (span is { } filter)
            {
                blocks.RemoveAll(b => !b.Declaration.FullSpan.IntersectsWith(filter));
            }

            return blocks;
        }

        private static void AddMembers(SyntaxList<MemberDeclarationSyntax> members, string? namespaceName, List<DeclaredCodeBlock> blocks)
        {
            foreach (var member in members)
            {
                switch (member)
                {
                    case BaseNamespaceDeclarationSyntax ns:
                        var name = ns.Name.ToString();
                        AddMembers(ns.Members, namespaceName is null ? name : namespaceName + "." + name, blocks);
                        break;
                    case GlobalStatementSyntax:
                        break;
                    default:
                        AddMember(member, namespaceName, blocks);
                        break;
                }
            }
        }

        private static void AddMember(MemberDeclarationSyntax member, string? namespaceName, List<DeclaredCodeBlock> blocks)
        {
            // Only a type of System.Threading (or its neighbours), System.Collections.Generic or System can carry
            // a built-in contract without an attribute: then the contract is always read. Named exactly: any System.*
            // made every body of System.Reactive look up its symbol, attributes and contract.
            var mayBeBuiltIn = namespaceName is not null && Annotations.BuiltInContracts.MayApplyInNamespace(namespaceName);
            switch (member)
            {
                case BaseTypeDeclarationSyntax type:
                    if (type is TypeDeclarationSyntax { ParameterList: { } parameters } withPrimary)
                    {
                        // [method: …] on the type declaration is the primary constructor's attribute.
                        blocks.Add(new DeclaredCodeBlock(withPrimary, withPrimary, OwnerKind.PrimaryConstructor, withPrimary,
                            withPrimary.AttributeLists.Count > 0 || Annotations.DeclaredAttributes.OnAnyParameter(parameters) || IsPartial(withPrimary.Modifiers), mayBeBuiltIn));
                    }

                    if (type.AttributeLists.Count > 0)
                    {
                        blocks.Add(new DeclaredCodeBlock(type, type, OwnerKind.Declared, type));
                    }

                    if (type is TypeDeclarationSyntax withMembers)
                    {
                        foreach (var nested in withMembers.Members)
                        {
                            AddMember(nested, namespaceName, blocks);
                        }
                    }

                    break;
                case BaseFieldDeclarationSyntax field:
                    foreach (var variable in field.Declaration.Variables)
                    {
                        // As CodeBlockSyntax.GraphRoot finds it: the initializer of the first variable of that name.
                        if (FirstOfName(field.Declaration.Variables, variable.Identifier.ValueText).Initializer is { } initializer)
                        {
                            blocks.Add(new DeclaredCodeBlock(field, variable, OwnerKind.Declared, initializer));
                        }
                    }

                    break;
                case BasePropertyDeclarationSyntax property:
                    if (property is PropertyDeclarationSyntax { Initializer: { } propertyInitializer })
                    {
                        blocks.Add(new DeclaredCodeBlock(property, property, OwnerKind.Declared, propertyInitializer));
                    }

                    var propertyParameters = (property as IndexerDeclarationSyntax)?.ParameterList;
                    var propertyCarries = property.AttributeLists.Count > 0 || IsPartial(property.Modifiers) || (propertyParameters is not null && Annotations.DeclaredAttributes.OnAnyParameter(propertyParameters));
                    var arrow = property switch
                    {
                        PropertyDeclarationSyntax p => p.ExpressionBody,
                        IndexerDeclarationSyntax i => i.ExpressionBody,
                        _ => null,
                    };
                    if (arrow is not null)
                    {
                        blocks.Add(new DeclaredCodeBlock(arrow, property, OwnerKind.Getter, arrow, propertyCarries, mayBeBuiltIn));
                    }

                    foreach (var accessor in property.AccessorList?.Accessors ?? default)
                    {
                        blocks.Add(new DeclaredCodeBlock(accessor, accessor, OwnerKind.Declared, accessor,
                            propertyCarries || accessor.AttributeLists.Count > 0, mayBeBuiltIn));
                    }

                    break;
                case BaseMethodDeclarationSyntax method:
                    blocks.Add(new DeclaredCodeBlock(method, method, OwnerKind.Declared, method,
                        method.AttributeLists.Count > 0 || Annotations.DeclaredAttributes.OnAnyParameter(method.ParameterList) || IsPartial(method.Modifiers), mayBeBuiltIn));
                    break;
                default:
                    // A delegate or an enum member has no code of its own; incomplete members declare nothing.
                    break;
            }
        }

        /// <summary>
        /// True when the driver treats <paramref name="symbol"/> as generated code for want of analysis: it, or a
        /// symbol that contains it, carries <c>[GeneratedCode]</c> — looked for up to the first partial symbol with
        /// more than one declaration, which never counts. (A generated file gets no semantic-model action at all.)
        /// What a type answers is kept in <paramref name="types"/>, so each type's declarations are read once.
        /// </summary>
        public static bool IsGeneratedCodeSymbol(ISymbol symbol, INamedTypeSymbol? generatedCodeAttribute,
            System.Collections.Concurrent.ConcurrentDictionary<ISymbol, bool> types)
        {
            if (generatedCodeAttribute is null)
            {
                return false;
            }

            if (symbol.Kind == SymbolKind.Namespace)
            {
                return false; // namespaces carry no attributes, and contain no type's declarations
            }

            if (symbol.DeclaringSyntaxReferences.Length > 1)
            {
                return false;
            }

            if (Annotations.DeclaredAttributes.MayHave(symbol))
            {
                foreach (var attribute in symbol.GetAttributes())
                {
                    if (generatedCodeAttribute.Equals(attribute.AttributeClass, SymbolEqualityComparer.Default))
                    {
                        return true;
                    }
                }
            }

            return symbol.ContainingSymbol is INamedTypeSymbol container
                && (types.TryGetValue(container, out var known)
                    ? known
                    : types.GetOrAdd(container, IsGeneratedCodeSymbol(container, generatedCodeAttribute, types)));
        }

        private static bool HasGlobalStatements(CompilationUnitSyntax root)
        {
            foreach (var member in root.Members)
            {
                if (member is GlobalStatementSyntax)
                {
                    return true;
                }
            }

            return false;
        }

        private static VariableDeclaratorSyntax FirstOfName(SeparatedSyntaxList<VariableDeclaratorSyntax> variables, string name)
        {
            foreach (var variable in variables)
            {
                if (variable.Identifier.ValueText == name)
                {
                    return variable;
                }
            }

            return variables[0];
        }

        private static bool IsPartial(SyntaxTokenList modifiers) => modifiers.Any(SyntaxKind.PartialKeyword);
    }

    /// <summary>How a code block's owning symbol is found from its declaration.</summary>
    internal enum OwnerKind
    {
        /// <summary>The symbol the declaration declares (a field's: the variable's).</summary>
        Declared,

        /// <summary>The primary constructor of the type declaration.</summary>
        PrimaryConstructor,

        /// <summary>The getter of the property or indexer whose arrow clause is the block.</summary>
        Getter,

        /// <summary>The entry point that top-level statements make.</summary>
        EntryPoint,

        /// <summary>The global namespace, for a file with assembly attributes.</summary>
        GlobalNamespace,

        /// <summary>The type that holds the entry point of top-level statements, for such a file with assembly attributes.</summary>
        EntryPointType,
    }

    /// <summary>One code block: the node a code-block action would get, and what is needed to find its owner.</summary>
    internal readonly struct DeclaredCodeBlock
    {
        public DeclaredCodeBlock(SyntaxNode codeBlock, SyntaxNode declaration, OwnerKind kind, SyntaxNode graphRoot,
            bool mayCarryDeclaredContract = false, bool mayCarryBuiltInContract = false)
        {
            MayCarryDeclaredContract = mayCarryDeclaredContract;
            MayCarryBuiltInContract = mayCarryBuiltInContract;
            CodeBlock = codeBlock;
            Declaration = declaration;
            Kind = kind;
            GraphRoot = graphRoot;
        }

        /// <summary>The node the driver would hand a code-block action (the whole field declaration for a field).</summary>
        public SyntaxNode CodeBlock { get; }

        /// <summary>The node whose symbol owns the block.</summary>
        public SyntaxNode Declaration { get; }

        public OwnerKind Kind { get; }

        /// <summary>True when the owner has attributes of its own (on it, its parameters or accessors, or another part of it).</summary>
        public bool MayCarryDeclaredContract { get; }

        /// <summary>True when a built-in contract can apply to the owner (by its type's namespace), with or without attributes.</summary>
        public bool MayCarryBuiltInContract { get; }

        /// <summary>
        /// False when the owner can have no contract: no built-in one applies, and it has no attribute of its own or none
        /// can be LockDiscipline's (<paramref name="annotationsVisible"/> false: the compilation sees none of them). Its
        /// contract is then empty, and a body the pre-filter clears needs neither its symbol nor its contract.
        /// </summary>
        public bool MayCarryContract(bool annotationsVisible) => MayCarryBuiltInContract || (annotationsVisible && MayCarryDeclaredContract);

        /// <summary>What <see cref="CodeBlockSyntax.GraphRoot"/> gives for the block, known here without the owner.</summary>
        public SyntaxNode GraphRoot { get; }

        /// <summary>The owning symbol, as the driver would name it; null where the declaration declares none.</summary>
        public ISymbol? Owner(SemanticModel model, CancellationToken cancellation)
        {
            switch (Kind)
            {
                case OwnerKind.EntryPoint:
                    return model.GetDeclaredSymbol((CompilationUnitSyntax)Declaration, cancellation);
                case OwnerKind.EntryPointType:
                    return model.GetDeclaredSymbol((CompilationUnitSyntax)Declaration, cancellation)?.ContainingType;
                case OwnerKind.GlobalNamespace:
                    return model.Compilation.GlobalNamespace;
                case OwnerKind.PrimaryConstructor:
                    var declaration = Declaration;
                    var type = model.GetDeclaredSymbol((TypeDeclarationSyntax)declaration, cancellation);
                    return type?.InstanceConstructors.FirstOrDefault(c => c.DeclaringSyntaxReferences.Any(r => r.GetSyntax(cancellation) == declaration));
                case OwnerKind.Getter:
                    return (model.GetDeclaredSymbol(Declaration, cancellation) as IPropertySymbol)?.GetMethod;
                default:
                    return model.GetDeclaredSymbol(Declaration, cancellation);
            }
        }
    }
}
