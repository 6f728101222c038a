using EndoKED.Pipeline.Features.Distilling.FollowingTrainingRuns;
using EndoKED.Pipeline.Models.Student;
using EndoKED.Portal.Features.Distilling.TrainingStudents;
using EndoKED.Shared.Events;

namespace EndoKED.Portal.Tests.Features.Distilling;

public sealed class TrainingDraftTests
{
    [Fact]
    public void The_launch_form_asks_for_the_frozen_resnet18_encoder_unless_the_admin_chooses_otherwise()
    {
        var split = Guid.NewGuid();
        var draft = new TrainingDraft { SplitId = split };
        Assert.Equal((StudentEncoders.ResNet18, (bool?)true), (draft.ToRequest()!.Encoder, draft.ToRequest()!.FreezeEncoder));

        draft.FineTuneEncoder = true;
        Assert.Equal((StudentEncoders.ResNet18, (bool?)false), (draft.ToRequest()!.Encoder, draft.ToRequest()!.FreezeEncoder));

        draft.Encoder = StudentEncoders.Plain;
        Assert.Equal((StudentEncoders.Plain, (bool?)null), (draft.ToRequest()!.Encoder, draft.ToRequest()!.FreezeEncoder));
        Assert.Null(new TrainingDraft().ToRequest());
    }

    [Fact]
    public void A_runs_settings_name_its_encoder_and_runs_recorded_before_the_choice_read_as_plain()
    {
        var old = new TrainingConfiguration(256, 20, 16, 4, 1e-3, 8, 17);

        Assert.StartsWith("plain U-Net · 20 epochs", TrainingSettings.Describe(old));
        Assert.StartsWith("ResNet-18 frozen", TrainingSettings.Describe(old with { Encoder = StudentEncoders.ResNet18, FreezeEncoder = true }));
        Assert.StartsWith("ResNet-18 fine-tuned", TrainingSettings.Describe(old with { Encoder = StudentEncoders.ResNet18, FreezeEncoder = false }));
    }

    [Fact]
    public void A_frame_scorer_needs_no_split_and_asks_for_its_own_defaults_while_a_student_still_needs_one()
    {
        var split = Guid.NewGuid();
        var draft = new TrainingDraft { DefaultSplitId = split, SplitId = split };

        draft.Kind = TrainingRunKinds.Mil;

        var mil = draft.ToRequest()!;
        Assert.False(draft.NeedsSplit);
        Assert.Equal((TrainingRunKinds.Mil, Guid.Empty, (int?)60), (mil.Kind, mil.SplitId, mil.Epochs));
        Assert.Equal(((double?)0.8, (double?)0.25, (double?)0.5, (bool?)false), (mil.MinConfidence, mil.ValidationFraction, mil.Threshold, mil.PromoteWhenDone));
        draft.SplitId = split;
        draft.PromoteWhenDone = true;
        Assert.Equal((split, (bool?)true), (draft.ToRequest()!.SplitId, draft.ToRequest()!.PromoteWhenDone));

        draft.Kind = TrainingRunKinds.Biopsy;
        Assert.Equal((TrainingRunKinds.Biopsy, split, (int?)40), (draft.ToRequest()!.Kind, draft.ToRequest()!.SplitId, draft.ToRequest()!.Epochs));
        Assert.Null(new TrainingDraft { Kind = TrainingRunKinds.Biopsy }.ToRequest());
        Assert.NotNull(new TrainingDraft { Kind = TrainingRunKinds.Mil }.ToRequest());
    }
}
