using System.Text;
using System.Text.Json;

namespace EndoKED.Portal.Infrastructure.Api;

/// <summary>Text the ledger cannot hold: NUL (PostgreSQL's text and jsonb refuse it) and half a surrogate pair (not UTF-8).</summary>
public static class ApiText
{
    public static bool IsUnstorable(string? text)
    {
        if (text is null) return false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\0') return true;
            if (char.IsHighSurrogate(c))
            {
                if (i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1])) return true;
                i++;
            }
            else if (char.IsLowSurrogate(c)) return true;
        }
        return false;
    }

    private sealed class Frame(bool array)
    {
        public bool Array { get; } = array;
        public int Index { get; set; } = -1;
        public string? Name { get; set; }
    }

    /// <summary>
    /// Walks a JSON body once: null when it is well-formed and every string (names included) is storable text; otherwise
    /// what is wrong, naming the field (<c>reasonText</c>, <c>maskRle.counts[3]</c>) or the line and byte of the syntax error.
    /// </summary>
    public static string? CheckJson(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 64 });
        var stack = new List<Frame>();
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        if (!TryText(ref reader, out var name)) return $"A field name inside {Path(stack)} holds a NUL character or half a surrogate pair: send plain text.";
                        stack[^1].Name = name;
                        break;
                    case JsonTokenType.StartObject or JsonTokenType.StartArray:
                        Advance(stack);
                        stack.Add(new Frame(reader.TokenType == JsonTokenType.StartArray));
                        break;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        stack.RemoveAt(stack.Count - 1);
                        break;
                    case JsonTokenType.String:
                        Advance(stack);
                        if (!TryText(ref reader, out _))
                            return $"{Path(stack)} holds a NUL character (\\u0000) or half a surrogate pair: send text without them.";
                        break;
                    default:
                        Advance(stack);
                        break;
                }
            }
        }
        catch (JsonException e)
        {
            return $"The body is not JSON, or not well-formed (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}): send one JSON object as shared/contracts/api.md shows.";
        }
        return null;
    }

    private static bool TryText(ref Utf8JsonReader reader, out string? text)
    {
        try
        {
            text = reader.GetString();
        }
        catch (InvalidOperationException)
        {
            text = null;
            return false; // an escaped lone surrogate, or bytes that are not UTF-8
        }
        return !IsUnstorable(text);
    }

    private static void Advance(List<Frame> stack)
    {
        if (stack.Count > 0 && stack[^1].Array) stack[^1].Index++;
    }

    private static string Path(List<Frame> stack)
    {
        if (stack.Count == 0) return "The body";
        var path = new StringBuilder();
        foreach (var f in stack)
        {
            if (f.Array) path.Append('[').Append(f.Index).Append(']');
            else if (f.Name is { } n) path.Append(path.Length == 0 ? "" : ".").Append(n);
        }
        return path.Length == 0 ? "The body" : path.ToString();
    }
}
