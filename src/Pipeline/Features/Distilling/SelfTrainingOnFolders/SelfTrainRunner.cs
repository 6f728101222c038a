using System.Diagnostics;
using EndoKED.Pipeline.Features.FrameLabels.PseudoLabelling;

namespace EndoKED.Pipeline.Features.Distilling.SelfTrainingOnFolders;

/// <summary>
/// The paper's refinement rounds on a folder of frames. Round 0 is pseudo-label (MIL probability, CAM box through the
/// box filter, refined mask); each later round is a <see cref="StudentRound"/> on the previous round's masks. Every round
/// writes <c>round-&lt;r&gt;/&lt;stem&gt;.png</c> and <c>round-&lt;r&gt;/pseudo-label.jsonl</c>; self-train.json is
/// rewritten after each round, so an interrupted run still says what it finished.
/// </summary>
public sealed class SelfTrainRunner(PseudoLabelRunner round0, StudentRound rounds, SelfTrainSettings settings, TextWriter progress)
{
    public const string Cam = "cam";

    public static string RoundFolder(string output, int round) => Path.Combine(output, $"round-{round}");

    public IReadOnlyList<RoundSummary> Run(IReadOnlyList<string> framePaths, string output, Action<IReadOnlyList<RoundSummary>> roundDone,
        CancellationToken ct)
    {
        var summaries = new List<RoundSummary>();
        var watch = Stopwatch.StartNew();
        var dir = RoundFolder(output, 0);
        var frames = round0.Label(framePaths, dir, ct)
            .Select((line, i) => new FrameState(framePaths[i], line with { Round = 0, BoxSource = line.Error is null ? line.BoxSource ?? Cam : null }, 0))
            .ToList();
        Finish(summaries, RoundSummary.Count(0, [.. frames.Select(f => f.Line)], watch.Elapsed.TotalSeconds), frames, dir, roundDone);

        for (var round = 1; round <= settings.Rounds; round++)
        {
            var previous = dir;
            dir = RoundFolder(output, round);
            var (next, summary) = rounds.Run(round, frames, previous, dir, ct);
            frames = [.. next];
            Finish(summaries, summary, frames, dir, roundDone);
        }
        return summaries;
    }

    private void Finish(List<RoundSummary> summaries, RoundSummary summary, IReadOnlyList<FrameState> frames, string dir,
        Action<IReadOnlyList<RoundSummary>> roundDone)
    {
        using (var log = new StreamWriter(Path.Combine(dir, PseudoLabelRunner.LogName)))
            foreach (var f in frames)
                log.WriteLine(f.Line.ToJson());
        summaries.Add(summary);
        progress.WriteLine(summary.Describe());
        roundDone(summaries);
    }
}
