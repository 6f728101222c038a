using EndoKED.Portal.Features.Examinations;
using EndoKED.Pipeline.Features.Accounts;
using EndoKED.Pipeline.Features.Examinations.Viewing;
using EndoKED.Pipeline.Features.Review;
using EndoKED.Pipeline.Features.Review.Voting;
using EndoKED.Portal.Client.Features.Review.CorrectingMasks;
using EndoKED.Portal.Infrastructure;
using EndoKED.Shared.Events;
using EndoKED.Shared.Records;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;

namespace EndoKED.Portal.Features.Review.CorrectingMasks;

/// <summary>
/// Hosts the mask editor as a WebAssembly island: strokes stay in the browser, and the correction goes to the HTTP API
/// as a vote at the version read here. Authorised like the review page (the caller's centres; 404 otherwise); the
/// review page embeds it in a same-origin frame.
/// </summary>
public partial class MaskEditorPage
{
    private static readonly IComponentRenderMode Island = new InteractiveWebAssemblyRenderMode(prerender: false);

    /// <summary>Every reason but agree, numbered as on the review page (1 is agree there).</summary>
    private static readonly MaskCorrectionReason[] Reasons =
        [.. Enum.GetValues<ReviewReason>().Select((r, i) => new MaskCorrectionReason(i + 1, ReasonNames.Of(r))).Skip(1)];

    private static readonly string DefaultReason = ReasonNames.Of(ReviewReason.WrongBoundary);

    private sealed record EditorState(long Version, int Width, int Height, MaskRle? Mask, bool Adjudicating);

    [Parameter] public Guid Id { get; set; }
    [CascadingParameter] private HttpContext HttpContext { get; set; } = default!;

    private EditorState? _editor;
    private string? _problem;

    protected override async Task OnInitializedAsync()
    {
        SecurityHeaders.AllowSameOriginFraming(HttpContext.Response);
        var caller = await CallerAsync();
        await using var scope = Scopes.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var item = await sp.GetRequiredService<GetReviewItem>().HandleAsync(ReviewItemKind.Image, Id, caller);
        var image = item is null ? null : await sp.GetRequiredService<GetExamination>().ImageAsync(Id, caller);
        if (item is null || image is null)
        {
            HttpContext.Response.StatusCode = StatusCodes.Status404NotFound;
            _problem = "This frame does not exist, or you do not have access to it.";
            return;
        }

        await sp.GetRequiredService<AccessLog>().RecordViewAsync(caller, "image", Id, item.CentreId, RemoteAddress, "mask-editor");
        if (item.Stage == ReviewStage.Final)
        {
            _problem = "This mask is final: a correction is no longer taken.";
            return;
        }

        var adjudicating = item.Stage == ReviewStage.Adjudication && caller.IsLeadOrAdmin;
        _editor = new EditorState(item.Version, image.Width, image.Height, item.ProposedMask, adjudicating);
    }
}
