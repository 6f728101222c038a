using EndoKED.Pipeline.Cli;
using EndoKED.Pipeline.Infrastructure.Hosting;
using EndoKED.Shared;
using Microsoft.Extensions.DependencyInjection;

namespace EndoKED.Pipeline.Features.Accounts;

/// <summary><c>./endoked admin create</c>: the first admin outside demo mode (further users are managed in the portal).</summary>
public sealed class AdminVerb : IVerb
{
    public string Name => "admin";
    public string Summary => "create an admin account (./endoked admin create --username NAME)";
    public string Help => """
        Usage: ./endoked admin create --username NAME [--password-file FILE]

        Creates an Admin account in the ledger's database. The password is read from FILE, or from standard input
        (one line) when no file is given, so it never appears in the shell history. At least 10 characters.
        """;

    public async Task<int> RunAsync(CliArgs args, CliConsole console, CancellationToken cancellationToken)
    {
        if (args.Positionals.FirstOrDefault() != "create")
            throw new UsageException("The only sub-command is 'create'.");
        var user = args.Required("username");
        var file = args.Optional("password-file");
        args.EnsureAllRead();

        var password = file is not null ? (await File.ReadAllTextAsync(file, cancellationToken)).TrimEnd('\r', '\n') : Console.In.ReadLine() ?? "";
        using var host = CliHost.Build();
        var error = await host.Services.GetRequiredService<Accounts>()
            .CreateAsync(user, password, Role.Admin, [], "cli:" + Environment.UserName, cancellationToken);
        if (error is not null)
        {
            await console.Error.WriteLineAsync($"endoked admin: {error}");
            return 1;
        }
        await console.Out.WriteLineAsync($"Admin '{Accounts.Normalise(user)}' created. Sign in at the portal's /login.");
        return 0;
    }
}
