using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

namespace LockDiscipline.Cli.Rules
{
    /// <summary>The rule pages (<c>analyzers/docs/rules/LDxxxx.md</c>), embedded in this assembly so that the installed tool has them.</summary>
    public static class RulePages
    {
        private const string Prefix = "rules/";

        /// <summary>The IDs that have a page, in order.</summary>
        public static IReadOnlyList<string> Ids { get; } = typeof(RulePages).Assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(Prefix, StringComparison.Ordinal) && n.EndsWith(".md", StringComparison.Ordinal))
            .Select(n => n.Substring(Prefix.Length, n.Length - Prefix.Length - 3))
            .OrderBy(n => n, StringComparer.Ordinal)
            .ToList();

        /// <summary>Normalizes what a user typed (<c>ld0001</c>, <c>LD1</c>, <c>1</c>) to an ID, or null when it names no rule.</summary>
        public static string? Normalize(string text)
        {
            var match = Regex.Match(text.Trim(), "^(?:LD)?0*([0-9]{1,4})$", RegexOptions.IgnoreCase);
            if (!match.Success)
            {
                return null;
            }

            var id = "LD" + int.Parse(match.Groups[1].Value).ToString("D4");
            return Ids.Contains(id) ? id : null;
        }

        /// <summary>The page's Markdown text.</summary>
        public static string Read(string id)
        {
            using var stream = typeof(RulePages).Assembly.GetManifestResourceStream(Prefix + id + ".md")
                ?? throw new ArgumentException($"No page for {id}", nameof(id));
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        }

        /// <summary>The page's title: its first heading without the ID.</summary>
        public static string Title(string id)
        {
            var heading = Read(id).Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("# ", StringComparison.Ordinal)) ?? id;
            var title = heading.TrimStart('#', ' ');
            return title.StartsWith(id + ":", StringComparison.Ordinal) ? title.Substring(id.Length + 1).Trim() : title;
        }
    }
}
