namespace EndoKED.Pipeline.Models.Student;

/// <summary>The student's encoders, by the names runs, checkpoints and the command line use.</summary>
public static class StudentEncoders
{
    /// <summary>A U-Net encoder trained from scratch.</summary>
    public const string Plain = "plain";

    /// <summary>ImageNet ResNet-18 from the Microsoft.ML.DnnImageFeaturizer.ResNet18 package.</summary>
    public const string ResNet18 = "resnet18";

    public static IReadOnlyList<string> All { get; } = [Plain, ResNet18];

    /// <summary>"ResNet-18 frozen", "ResNet-18 fine-tuned" or "plain U-Net" (null: a run recorded before encoders could be chosen, plain).</summary>
    public static string Describe(string? encoder, bool? freeze) => encoder switch
    {
        ResNet18 => freeze == false ? "ResNet-18 fine-tuned" : "ResNet-18 frozen",
        _ => "plain U-Net",
    };
}
