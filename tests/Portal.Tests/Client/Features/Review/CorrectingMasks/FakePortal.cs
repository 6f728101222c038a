using System.Net;
using System.Text;

namespace EndoKED.Portal.Tests.Client.Features.Review.CorrectingMasks;

/// <summary>Answers the island's HTTP calls from a script, in order, and keeps what was sent.</summary>
public sealed class FakePortal(params (HttpStatusCode Status, string Json)[] answers) : HttpMessageHandler
{
    private readonly Queue<(HttpStatusCode Status, string Json)> _answers = new(answers);

    public List<(HttpMethod Method, string Path, string Body)> Sent { get; } = [];

    public HttpClient Client() => new(this) { BaseAddress = new Uri("http://portal.test/") };

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
        Sent.Add((request.Method, request.RequestUri!.AbsolutePath, body));
        var (status, json) = _answers.Dequeue();
        return new HttpResponseMessage(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
    }
}
