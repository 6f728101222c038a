namespace EndoKED.Pipeline.Cli;

/// <summary>One verb of the <c>endoked</c> command line (see shared/contracts/cli.md).</summary>
public interface IVerb
{
    /// <summary>The word typed after <c>endoked</c>.</summary>
    string Name { get; }

    /// <summary>One line shown in the verb list.</summary>
    string Summary { get; }

    /// <summary>The full text printed for <c>--help</c>.</summary>
    string Help { get; }

    /// <summary>Runs the verb. Returns 0 on success, 1 when the work failed, 2 for bad usage.</summary>
    Task<int> RunAsync(CliArgs args, CliConsole console, CancellationToken cancellationToken);
}

/// <summary>Where a verb writes: standard output for results, standard error for messages.</summary>
public sealed record CliConsole(TextWriter Out, TextWriter Error)
{
    public static CliConsole System => new(global::System.Console.Out, global::System.Console.Error);
}

/// <summary>Thrown for bad usage; the entry point prints the message and the verb's help and exits with 2.</summary>
public sealed class UsageException(string message) : Exception(message);
