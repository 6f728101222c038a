using EndoKED.Pipeline.Models.ResNet18;
using EndoKED.Pipeline.Features.FrameLabels.Localising;
using EndoKED.Pipeline.Models.Refining.Sam;

namespace EndoKED.Pipeline.Features.FrameLabels;

/// <summary>The frame-label stages (ScoreImages, SegmentImage); bound from configuration "FrameLabels".</summary>
public sealed class FrameLabelOptions
{
    public const string Section = "FrameLabels";

    /// <summary>
    /// A MIL head file (.onnx with its .json) that overrides the ledger's promoted frame scorer (a deployment choice);
    /// ENDOKED_MIL_MODEL sets it too. Empty (the default): the promoted one scores.
    /// </summary>
    public string MilModelPath { get; set; } = "";

    public ResNet18Options ResNet18 { get; set; } = new();

    public BoxFilterOptions Box { get; set; } = new();

    /// <summary>auto (SAM when configured and present, else embedded), sam or embedded.</summary>
    public string Refiner { get; set; } = "auto";

    public SamOptions Sam { get; set; } = new();

    /// <summary>Examinations scored at once (each already uses every core for ResNet-18).</summary>
    public int MaxParallelExaminations { get; set; } = 1;

    /// <summary>Frames segmented at once.</summary>
    public int MaxParallelSegmentations { get; set; } = 2;
}

/// <summary>A model the stage needs is not there (yet): the message is retried later rather than dropped.</summary>
public sealed class FrameModelUnavailableException(string message) : Infrastructure.Messaging.ModelMissingException(message);
