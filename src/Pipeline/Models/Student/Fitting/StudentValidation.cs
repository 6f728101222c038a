using EndoKED.Pipeline.Models.Student;

namespace EndoKED.Pipeline.Models.Student.Fitting;

/// <summary>Mean hard Dice (logit &gt; 0) at the input size, in eval mode; NaN without validation samples.</summary>
public static class StudentValidation
{
    public static double MeanDice(StudentNetwork model, IReadOnlyList<LoadedSample> samples, int size, int batch = 8)
    {
        if (samples.Count == 0) return double.NaN;
        var plane = size * size;
        var total = 0.0;
        foreach (var chunk in samples.Chunk(batch))
        {
            var input = new float[chunk.Length * 3 * plane];
            for (var i = 0; i < chunk.Length; i++)
                StudentInput.ToChw(chunk[i].Rgb, size, input.AsSpan(i * 3 * plane, 3 * plane));
            var logits = model.EvalLogits(input, chunk.Length);
            for (var i = 0; i < chunk.Length; i++)
                total += DiceBceLoss.HardDice(logits.AsSpan(i * plane, plane), chunk[i].Mask);
        }
        return total / samples.Count;
    }
}
