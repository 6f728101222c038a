namespace EndoKED.Pipeline.Cli;

/// <summary>
/// The options of one verb: <c>--name value</c> pairs and bare <c>--flag</c>s.
/// Unknown options are a usage error, so a typo never silently changes what a script does.
/// </summary>
public sealed class CliArgs
{
    private readonly Dictionary<string, string?> _options = new(StringComparer.Ordinal);
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);

    public CliArgs(IReadOnlyList<string> args)
    {
        for (var i = 0; i < args.Count; i++)
        {
            var a = args[i];
            if (!a.StartsWith("--", StringComparison.Ordinal) || a.Length < 3)
            {
                Positionals.Add(a);
                continue;
            }

            var name = a[2..];
            string? value = null;
            var eq = name.IndexOf('=', StringComparison.Ordinal);
            if (eq >= 0)
            {
                value = name[(eq + 1)..];
                name = name[..eq];
            }
            else if (i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                value = args[++i];
            }

            if (!_options.TryAdd(name, value))
                throw new UsageException($"--{name} is given twice.");
        }
    }

    public List<string> Positionals { get; } = [];

    public bool WantsHelp => _options.ContainsKey("help") || Positionals.Contains("-h");

    public bool Flag(string name)
    {
        _read.Add(name);
        if (!_options.TryGetValue(name, out var v)) return false;
        if (v is not null)
            throw new UsageException($"--{name} takes no value (got '{v}').");
        return true;
    }

    public string? Optional(string name)
    {
        _read.Add(name);
        if (!_options.TryGetValue(name, out var v)) return null;
        return v ?? throw new UsageException($"--{name} needs a value.");
    }

    public string Required(string name) =>
        Optional(name) ?? throw new UsageException($"--{name} is required.");

    public int OptionalInt(string name, int fallback)
    {
        var v = Optional(name);
        if (v is null) return fallback;
        return int.TryParse(v, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var n)
            ? n
            : throw new UsageException($"--{name} must be a whole number (got '{v}').");
    }

    public string OneOf(string name, string fallback, params string[] allowed)
    {
        var v = Optional(name) ?? fallback;
        return allowed.Contains(v, StringComparer.Ordinal)
            ? v
            : throw new UsageException($"--{name} must be one of {string.Join(", ", allowed)} (got '{v}').");
    }

    /// <summary>Call after reading every option: anything not read is a typo or an option this verb does not have.</summary>
    public void EnsureAllRead()
    {
        var unknown = _options.Keys.Where(k => k != "help" && !_read.Contains(k)).ToList();
        if (unknown.Count > 0)
            throw new UsageException($"Unknown option(s): {string.Join(", ", unknown.Select(k => "--" + k))}.");
    }
}
