using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Emit;

namespace LockDiscipline.Cli.Analysis
{
    /// <summary>
    /// In a workspace a project sees the projects it references as their compilations (source
    /// symbols); in <c>dotnet build</c> it sees their built assemblies (metadata). The analyzers read
    /// referenced assemblies' annotations from metadata, so the CLI shows each project its references
    /// as the build does: each referenced compilation emitted once, metadata only, in memory. A
    /// reference that does not emit (it has errors) is left as it was.
    /// </summary>
    internal sealed class BuiltReferences
    {
        private readonly ConditionalWeakTable<Compilation, MetadataReference?> _images = new ConditionalWeakTable<Compilation, MetadataReference?>();

        public Compilation AsBuilt(Compilation compilation, CancellationToken cancellationToken)
        {
            var replaced = compilation;
            foreach (var reference in compilation.References.OfType<CompilationReference>().ToList())
            {
                if (Image(reference.Compilation, cancellationToken) is { } image)
                {
                    replaced = replaced.ReplaceReference(reference, image.WithProperties(reference.Properties));
                }
            }

            return replaced;
        }

        private MetadataReference? Image(Compilation referenced, CancellationToken cancellationToken)
        {
            if (_images.TryGetValue(referenced, out var known))
            {
                return known;
            }

            // Its own references as built too, so that what it exposes from them resolves the same way.
            var built = AsBuilt(referenced, cancellationToken);
            using var stream = new MemoryStream();
            var result = built.Emit(stream, options: new EmitOptions(metadataOnly: true), cancellationToken: cancellationToken);
            var image = result.Success
                ? MetadataReference.CreateFromImage(stream.ToArray(), filePath: referenced.AssemblyName + ".dll")
                : null;
            _images.AddOrUpdate(referenced, image);
            return image;
        }
    }
}
