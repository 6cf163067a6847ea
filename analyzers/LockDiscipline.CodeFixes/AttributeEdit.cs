using System.Collections.Generic;
using System.Linq;
using LockDiscipline.Analyzers.Annotations;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;

namespace LockDiscipline.CodeFixes
{
    /// <summary>Adds LockDiscipline attributes to a declaration, and <c>using LockDiscipline;</c> when the file lacks it.</summary>
    internal static class AttributeEdit
    {
        public const string Namespace = AttributeNames.Namespace;

        /// <summary>True when the compilation can resolve the attribute (the annotations are referenced or declared).</summary>
        public static bool Available(Compilation compilation, string attributeClass) =>
            compilation.GetTypeByMetadataName(Namespace + "." + attributeClass) is not null;

        /// <summary>The root with <paramref name="attributes"/> (source such as <c>Acquires("_gate")</c>) added before <paramref name="member"/>, one list each.</summary>
        public static SyntaxNode Add(SyntaxNode root, MemberDeclarationSyntax member, IEnumerable<string> attributes)
        {
            var lists = attributes
                .Select(a => SyntaxFactory.AttributeList(SyntaxFactory.SingletonSeparatedList(Parse(a))))
                .ToList();
            var annotated = member.WithAttributeLists(member.AttributeLists.AddRange(lists)).WithAdditionalAnnotations(Formatter.Annotation);
            var edited = root.ReplaceNode(member, annotated);
            return edited is CompilationUnitSyntax unit ? WithUsing(unit) : edited;
        }

        /// <summary><c>Name(arguments)</c> as an attribute.</summary>
        private static AttributeSyntax Parse(string text)
        {
            var open = text.IndexOf('(');
            return open < 0
                ? SyntaxFactory.Attribute(SyntaxFactory.ParseName(text))
                : SyntaxFactory.Attribute(SyntaxFactory.ParseName(text.Substring(0, open)), SyntaxFactory.ParseAttributeArgumentList(text.Substring(open)));
        }

        /// <summary>Adds <c>using LockDiscipline;</c> after the file's other usings, unless it is there.</summary>
        public static CompilationUnitSyntax WithUsing(CompilationUnitSyntax unit)
        {
            if (unit.DescendantNodes(n => n is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax).OfType<UsingDirectiveSyntax>()
                    .Any(u => u.Alias is null && u.Name?.ToString() == Namespace)
                || unit.DescendantNodes(n => n is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax).OfType<BaseNamespaceDeclarationSyntax>()
                    .Any(n => n.Name.ToString() == Namespace || n.Name.ToString().StartsWith(Namespace + ".", System.StringComparison.Ordinal)))
            {
                return unit;
            }

            var newline = unit.DescendantTrivia().FirstOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
            var endOfLine = newline.IsKind(SyntaxKind.EndOfLineTrivia) ? newline : SyntaxFactory.EndOfLine("\n");
            var directive = SyntaxFactory.UsingDirective(SyntaxFactory.IdentifierName(Namespace))
                .WithUsingKeyword(SyntaxFactory.Token(SyntaxKind.UsingKeyword).WithTrailingTrivia(SyntaxFactory.Space))
                .WithTrailingTrivia(endOfLine);
            return unit.AddUsings(directive);
        }
    }
}
