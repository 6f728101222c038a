using System.Text;

namespace EndoKED.Pipeline.Features.Ingest.Reading;

/// <summary>RFC 4180 CSV: quoted fields may hold commas, quotes ("") and line breaks (reports do).</summary>
public static class CsvReader
{
    public static IEnumerable<(int Line, List<string> Fields)> Parse(TextReader reader)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var inQuotes = false;
        var line = 1;
        var recordLine = 1;
        var any = false;
        int c;
        while ((c = reader.Read()) >= 0)
        {
            var ch = (char)c;
            any = true;
            if (inQuotes)
            {
                if (ch == '"')
                {
                    if (reader.Peek() == '"') { reader.Read(); field.Append('"'); }
                    else inQuotes = false;
                }
                else
                {
                    if (ch == '\n') line++;
                    field.Append(ch);
                }
                continue;
            }
            switch (ch)
            {
                case '"' when field.Length == 0: inQuotes = true; break;
                case ',': fields.Add(field.ToString()); field.Clear(); break;
                case '\r': break;
                case '\n':
                    fields.Add(field.ToString()); field.Clear();
                    yield return (recordLine, fields);
                    fields = [];
                    any = false;
                    line++;
                    recordLine = line;
                    break;
                default: field.Append(ch); break;
            }
        }
        if (inQuotes)
            throw new FormatException($"Line {recordLine}: a quoted field is never closed.");
        if (any)
        {
            fields.Add(field.ToString());
            yield return (recordLine, fields);
        }
    }
}
