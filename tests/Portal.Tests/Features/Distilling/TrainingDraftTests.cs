using EndoKED.Pipeline.Features.Training.Student;
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
}
