using EndoKED.Pipeline.Features.Examinations;
using EndoKED.Pipeline.Features.FrameLabels.SegmentingImages;
using EndoKED.Pipeline.Infrastructure.Files;
using Marten;
using Microsoft.Extensions.Logging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using Wolverine;

namespace EndoKED.Pipeline.Features.FrameLabels.ScoringImages;

/// <summary>Score every frame of one examination with the MIL head and localise it from the CAM.</summary>
/// <param name="ExaminationId">The examination stream.</param>
/// <param name="RequestedBy">Who asked (a user, the extraction stage, a pipeline run), for the log.</param>
/// <param name="Force">Score again frames this model version already scored.</param>
/// <param name="MilModelId">The registered frame scorer to use (a pipeline run pins the one in force when it started);
/// null: the promoted one at the time the message is handled.</param>
public sealed record ScoreImages(Guid ExaminationId, string RequestedBy, bool Force = false, Guid? MilModelId = null);

/// <summary>
/// The ScoreImages stage: appends ImageScored and ImageLocalised to each frame's stream and cascades SegmentImage for
/// every kept box or CAM seed, all in the Wolverine transaction (Marten outbox): never lost, never doubled.
/// </summary>
public static class ScoreImagesHandler
{
    public static async Task<OutgoingMessages> Handle(
        ScoreImages message, IDocumentSession session, FrameScoring scoring, IFileStore files, TimeProvider clock,
        ILogger<ScoreImages> logger, CancellationToken ct)
    {
        var outgoing = new OutgoingMessages();
        var exam = await session.LoadAsync<ExaminationView>(message.ExaminationId, ct);
        if (exam is null)
        {
            logger.LogWarning("ScoreImages for {Id}: no such examination; nothing done", message.ExaminationId);
            return outgoing;
        }

        var labeller = await scoring.ForAsync(message.MilModelId, session, ct);
        var version = labeller.MilVersion;
        var images = (await session.LoadManyAsync<ImageView>(ct, exam.ImageIds))
            .Where(i => message.Force || i.Scores.All(s => s.ModelVersion != version))
            .OrderBy(i => i.Ordinal).ToList();
        if (images.Count == 0)
        {
            logger.LogDebug("ScoreImages for {Id}: every frame already scored by {Version}", exam.Id, version);
            return outgoing;
        }

        var decoded = new List<(ImageView View, Image<Rgb24> Image)>();
        try
        {
            foreach (var view in images)
            {
                if (await DecodeAsync(files, view, ct) is { } image) decoded.Add((view, image));
                else logger.LogWarning("ScoreImages: frame {Image} ({Sha}) is not in the file store or no longer decodes; skipped", view.Id, view.Sha256);
            }
            var labels = labeller.Label([.. decoded.Select(d => (d.View.Id.ToString(), d.Image))]);
            var now = clock.GetUtcNow();
            for (var i = 0; i < decoded.Count; i++)
            {
                var view = decoded[i].View;
                var events = ScoreDecider.Decide(view, labels[i], scoring.Rule, now);
                // The expected version makes a second scorer of the same frame fail and retry (then find the work done).
                session.Events.Append(view.Id, view.Version + events.Count, [.. events]);
                if (labels[i].Box.Accepted || labels[i].Box.Seed is not null)
                    outgoing.Add(new SegmentImage(view.Id, message.RequestedBy));
            }
        }
        finally
        {
            foreach (var (_, image) in decoded) image.Dispose();
        }
        return outgoing;
    }

    private static async Task<Image<Rgb24>?> DecodeAsync(IFileStore files, ImageView view, CancellationToken ct)
    {
        await using var stream = files.OpenRead(view.Sha256);
        if (stream is null) return null;
        try
        {
            // Ingest already bounded and decoded this frame; a failure now means the store was damaged.
            return await Image.LoadAsync<Rgb24>(stream, ct);
        }
        catch (Exception e) when (e is UnknownImageFormatException or InvalidImageContentException or NotSupportedException)
        {
            return null;
        }
    }
}
