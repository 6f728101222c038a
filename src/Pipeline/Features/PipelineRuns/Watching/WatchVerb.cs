using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using EndoKED.Pipeline.Cli;
using EndoKED.Shared.Live;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace EndoKED.Pipeline.Features.PipelineRuns.Watching;

/// <summary>
/// <c>./endoked watch</c>: follows a pipeline run in the terminal through the portal's hub (<c>/hubs/live</c>), the same
/// notifications the portal's pages use; each one re-reads the run from the API and prints its stages.
/// </summary>
/// <param name="handler">For tests: an in-memory server's handler (the hub then uses long polling).</param>
public sealed class WatchVerb(Func<HttpMessageHandler>? handler = null) : IVerb
{
    public string Name => "watch";

    public string Summary => "Follow a pipeline run's progress live (admins).";

    public string Help => """
        endoked watch [--url URL] [--run ID] (--user NAME [--password-file FILE] | --token TOKEN)
          --url    the portal (default ENDOKED_URL or http://127.0.0.1:5080)
          --run    the run to follow (default: the latest run)
          --user   sign in as this admin; the password comes from --password-file or standard input
          --token  a token from POST /api/session (or ENDOKED_TOKEN)
        Prints each stage's bar, done/total, failures, rate and ETA whenever the run moves; ends when the run ends.
        Exit code 0 when it completed or was cancelled, 1 when it failed or cannot be followed.
        """;

    public async Task<int> RunAsync(CliArgs args, CliConsole console, CancellationToken cancellationToken)
    {
        var url = new Uri((args.Optional("url") ?? Environment.GetEnvironmentVariable("ENDOKED_URL") ?? "http://127.0.0.1:5080").TrimEnd('/') + "/");
        var runText = args.Optional("run");
        var user = args.Optional("user");
        var passwordFile = args.Optional("password-file");
        var token = args.Optional("token") ?? Environment.GetEnvironmentVariable("ENDOKED_TOKEN");
        args.EnsureAllRead();
        Guid? runId = runText is null ? null : Guid.TryParse(runText, out var r) ? r : throw new UsageException($"--run must be a run id, not '{runText}'.");
        if (user is null && token is null) throw new UsageException("Sign in with --user NAME (password on standard input or --password-file) or --token.");

        using var http = new HttpClient(handler?.Invoke() ?? new HttpClientHandler()) { BaseAddress = url };
        try
        {
            if (token is null)
            {
                var password = passwordFile is null ? await Console.In.ReadLineAsync(cancellationToken) ?? "" : (await File.ReadAllTextAsync(passwordFile, cancellationToken)).Trim();
                (token, var roles) = await SignInAsync(http, user!, password, cancellationToken);
                if (!roles.Contains("Admin"))
                {
                    await console.Error.WriteLineAsync($"watch: pipeline runs are admin-only, and '{user}' is {string.Join(", ", roles)}: sign in as an admin.");
                    return 1;
                }
            }
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            runId ??= await LatestRunAsync(http, cancellationToken);
            if (runId is null)
            {
                // A token does not say its role: an empty list is no run yet, or a token of someone who may not see runs.
                await console.Error.WriteLineAsync(user is null
                    ? "watch: this token sees no pipeline run: none has started yet, or the token is not an admin's (runs are admin-only)."
                    : "watch: there is no pipeline run yet; start one on the portal's Pipeline page or POST /api/pipeline-runs.");
                return 1;
            }
            return await FollowAsync(http, url, token, runId.Value, console, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            await console.Error.WriteLineAsync($"watch: the portal at {url} answered {(e.StatusCode is { } s ? $"{(int)s} {s}" : e.Message)}. Check --url, the run id and that the account is an admin.");
            return 1;
        }
    }

    private async Task<int> FollowAsync(HttpClient http, Uri url, string token, Guid runId, CliConsole console, CancellationToken ct)
    {
        var changed = new SemaphoreSlim(0);
        await using var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(url, LiveHubContract.Path.TrimStart('/')), o =>
            {
                o.AccessTokenProvider = () => Task.FromResult<string?>(token);
                if (handler is not null)
                {
                    o.HttpMessageHandlerFactory = _ => handler();
                    o.Transports = HttpTransportType.LongPolling;
                }
            })
            .WithAutomaticReconnect()
            .Build();
        hub.On<LiveNotification>(LiveHubContract.Notification, n =>
        {
            if (n.Kind == LiveKinds.PipelineRun && n.ItemId == runId) changed.Release();
        });
        hub.Reconnected += _ => { changed.Release(); return Task.CompletedTask; }; // catch up on what was missed
        await hub.StartAsync(ct);

        string? last = null;
        while (true)
        {
            var run = await http.GetFromJsonAsync<JsonElement>($"api/pipeline-runs/{runId}", ct);
            var text = string.Join(Environment.NewLine, RunProgressText.Lines(run));
            if (text != last) await console.Out.WriteLineAsync(text);
            last = text;
            if (RunProgressText.IsFinished(run)) return run.GetProperty("status").GetString() == "Failed" ? 1 : 0;
            // A notification, or a slow poll in case the hub drops one.
            await changed.WaitAsync(TimeSpan.FromSeconds(10), ct);
            await Task.Delay(250, ct); // several batches in a burst print once
            while (changed.CurrentCount > 0) await changed.WaitAsync(ct);
        }
    }

    private static async Task<(string Token, IReadOnlyList<string> Roles)> SignInAsync(HttpClient http, string user, string password, CancellationToken ct)
    {
        var response = await http.PostAsJsonAsync("api/session", new { username = user, password }, ct);
        response.EnsureSuccessStatusCode();
        var session = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
        var roles = session.TryGetProperty("roles", out var r) ? r.EnumerateArray().Select(x => x.GetString() ?? "").ToList() : [];
        return (session.GetProperty("token").GetString()!, roles);
    }

    private static async Task<Guid?> LatestRunAsync(HttpClient http, CancellationToken ct)
    {
        var runs = await http.GetFromJsonAsync<JsonElement>("api/pipeline-runs?take=1", ct);
        return runs.GetArrayLength() == 0 ? null : runs[0].GetProperty("id").GetGuid();
    }
}
