using System.Globalization;
using System.Text;

namespace LockDiscipline.Graphs
{
    /// <summary>Escaping and number formatting shared by the writers; invariant culture throughout.</summary>
    internal static class Text
    {
        /// <summary>Text or an attribute value in XML and HTML.</summary>
        public static string Xml(string value)
        {
            var builder = new StringBuilder(value.Length + 8);
            foreach (var c in value)
            {
                switch (c)
                {
                    case '&': builder.Append("&amp;"); break;
                    case '<': builder.Append("&lt;"); break;
                    case '>': builder.Append("&gt;"); break;
                    case '"': builder.Append("&quot;"); break;
                    case '\'': builder.Append("&#39;"); break;
                    default:
                        // XML 1.0 has no control characters but tab, newline and carriage return.
                        builder.Append(c < ' ' && c != '\t' && c != '\n' && c != '\r' ? ' ' : c);
                        break;
                }
            }

            return builder.ToString();
        }

        /// <summary>A DOT double-quoted string's content.</summary>
        public static string Dot(string value) => value.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n");

        /// <summary>A Mermaid quoted label's content: quotes as the entity code Mermaid reads.</summary>
        public static string Mermaid(string value) => value.Replace("\"", "#quot;").Replace("\n", " ");

        /// <summary>A coordinate: at most one decimal, invariant.</summary>
        public static string Num(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);

        public static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);
    }
}
