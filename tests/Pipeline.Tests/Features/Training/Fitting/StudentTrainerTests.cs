using EndoKED.Pipeline.Models.Student.Fitting;
using EndoKED.Pipeline.Models.Student;

namespace EndoKED.Pipeline.Tests.Features.Training.Fitting;

public sealed class StudentTrainerTests
{
    private const int Size = 32;
    private static readonly StudentOptions Net = new() { BaseChannels = 8, Levels = 3, InputSize = Size, Seed = 11 };
    private static readonly StudentTrainingOptions Fit = new() { Epochs = 2, BatchSize = 4, LearningRate = 3e-3, Threads = 2 };

    /// <summary>Calls back synchronously on the training thread (Progress&lt;T&gt; would post to the thread pool).</summary>
    private sealed class Recorder(Action<EpochMetrics>? then = null) : IProgress<EpochMetrics>
    {
        public List<EpochMetrics> Seen { get; } = [];

        public void Report(EpochMetrics value)
        {
            Seen.Add(value);
            then?.Invoke(value);
        }
    }

    [Fact]
    public void Training_lowers_the_loss_and_raises_validation_dice_on_discs()
    {
        var train = SyntheticSamples.Make(16, Size, 1);
        var validation = SyntheticSamples.Make(6, Size, 2);
        var recorder = new Recorder();

        var result = StudentTrainer.Train(train, validation, Net, Fit with { Epochs = 8 }, progress: recorder);
        using var _ = result.Network;

        Assert.Equal(Enumerable.Range(1, 8), recorder.Seen.Select(m => m.Epoch));
        Assert.True(recorder.Seen[^1].TrainLoss < recorder.Seen[0].TrainLoss * 0.8, string.Join(", ", recorder.Seen.Select(m => m.TrainLoss)));
        Assert.True(recorder.Seen[^1].ValidationDice > 0.6, string.Join(", ", recorder.Seen.Select(m => m.ValidationDice)));
    }

    [Fact]
    public void A_run_stopped_after_epoch_one_resumes_at_epoch_two_and_ends_where_an_unbroken_run_ends()
    {
        var train = SyntheticSamples.Make(10, Size, 3);
        var validation = SyntheticSamples.Make(4, Size, 4);
        var folder = TestPaths.NewTempDir("student-resume");
        using var cts = new CancellationTokenSource();

        var first = new Recorder(_ => cts.Cancel());
        Assert.ThrowsAny<OperationCanceledException>(() =>
            StudentTrainer.Train(train, validation, Net, Fit, folder, resume: true, first, cts.Token));
        Assert.Equal(1, StudentCheckpoint.Read(folder).Epoch);

        var second = new Recorder();
        var resumed = StudentTrainer.Train(train, validation, Net, Fit, folder, resume: true, second);
        using var __ = resumed.Network;
        var unbroken = StudentTrainer.Train(train, validation, Net, Fit);
        using var ___ = unbroken.Network;

        Assert.Equal([1], first.Seen.Select(m => m.Epoch));
        Assert.Equal(2, resumed.FirstEpochRun);
        Assert.Equal([2], second.Seen.Select(m => m.Epoch));
        Assert.Equal([1, 2], resumed.History.Select(m => m.Epoch));
        Assert.Equal(2, StudentCheckpoint.Read(folder).Epoch);
        Assert.Equal(unbroken.History[^1].TrainLoss, resumed.History[^1].TrainLoss, 4);
        var probe = new float[3 * Size * Size];
        StudentInput.ToChw(validation[0].Rgb, Size, probe);
        var a = resumed.Network.EvalLogits(probe, 1);
        var b = unbroken.Network.EvalLogits(probe, 1);
        Assert.True(a.Zip(b).Max(p => Math.Abs(p.First - p.Second)) < 1e-3);
    }

    [Fact]
    public void Resuming_a_checkpoint_of_another_network_shape_is_refused()
    {
        var train = SyntheticSamples.Make(4, Size, 5);
        var folder = TestPaths.NewTempDir("student-shape");
        using (StudentTrainer.Train(train, [], Net, Fit with { Epochs = 1 }, folder).Network)
        {
        }

        Assert.Throws<InvalidOperationException>(() =>
            StudentTrainer.Train(train, [], Net with { BaseChannels = 16 }, Fit, folder, resume: true));
    }

    [Fact]
    public void Without_resume_an_existing_checkpoint_is_ignored_and_training_starts_at_epoch_one()
    {
        var train = SyntheticSamples.Make(4, Size, 6);
        var folder = TestPaths.NewTempDir("student-fresh");
        using (StudentTrainer.Train(train, [], Net, Fit with { Epochs = 1 }, folder).Network)
        {
        }

        var again = StudentTrainer.Train(train, [], Net, Fit with { Epochs = 1 }, folder, resume: false);
        using var _ = again.Network;

        Assert.Equal(1, again.FirstEpochRun);
    }
}
