namespace EndoKED.Pipeline.Models.Student.Fitting;

/// <summary>One finished epoch (1-based): mean training loss, mean validation Dice at the input size, wall time.</summary>
public sealed record EpochMetrics(int Epoch, int Epochs, double TrainLoss, double ValidationDice, double Seconds);
