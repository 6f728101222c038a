using EndoKED.Pipeline.Cli;

namespace EndoKED.Pipeline.Features.Training.Verbs;

/// <summary>One subcommand of <c>./endoked train</c> (student, mil, ...).</summary>
public interface ITrainCommand
{
    string Name { get; }
    string Summary { get; }
    string Help { get; }

    /// <summary>Runs with the verb's options; the subcommand's own name is <c>args.Positionals[0]</c>.</summary>
    Task<int> RunAsync(CliArgs args, CliConsole console, CancellationToken cancellationToken);
}

/// <summary>
/// <c>./endoked train SUBCOMMAND [options]</c>: dispatches through a table of <see cref="ITrainCommand"/>s, so each model
/// family adds its own trainer without touching the others. <c>--help</c> prints every subcommand's help.
/// </summary>
public sealed class TrainVerb(IReadOnlyList<ITrainCommand> commands) : IVerb
{
    public string Name => "train";
    public string Summary => $"train a model ({string.Join(", ", commands.Select(c => c.Name))})";
    public string Help => $"""
        Usage: ./endoked train SUBCOMMAND [options]

        {string.Join("\n", commands.Select(c => $"  {c.Name,-10} {c.Summary}"))}

        {string.Join("\n\n", commands.Select(c => c.Help))}
        """;

    public Task<int> RunAsync(CliArgs args, CliConsole console, CancellationToken cancellationToken)
    {
        var name = args.Positionals.FirstOrDefault()
            ?? throw new UsageException($"Name what to train: {string.Join(", ", commands.Select(c => c.Name))}.");
        var command = commands.FirstOrDefault(c => c.Name == name)
            ?? throw new UsageException($"No 'train {name}'. Known: {string.Join(", ", commands.Select(c => c.Name))}.");
        if (args.Positionals.Count > 1)
            throw new UsageException($"Unexpected argument(s): {string.Join(' ', args.Positionals.Skip(1))}.");
        return command.RunAsync(args, console, cancellationToken);
    }
}
