using EndoKED.Pipeline.Features.Distilling.SelfTraining;
using EndoKED.Pipeline.Models.Frames;
using EndoKED.Pipeline.Models.Masks;
using EndoKED.Pipeline.Models.Onnx;
using EndoKED.Pipeline.Models.Student.Evaluating;

namespace EndoKED.Pipeline.Features.Distilling.SelfTrainingRounds;

/// <summary>A student's mask on a whole frame (thread-safe: a round predicts frames side by side).</summary>
public interface IStudentPredictor : IDisposable
{
    BinaryMask Predict(FrameImage frame);
}

/// <summary>Makes the predictor of a student from its ONNX bytes.</summary>
public interface IStudentPredictors
{
    IStudentPredictor Load(byte[] onnx);
}

/// <summary>The student's ONNX in ONNX Runtime (CUDA where it loads, as the segment stage's student), thresholded as there.</summary>
public sealed class OnnxStudentPredictors(StudentProposerOptions options) : IStudentPredictors
{
    public IStudentPredictor Load(byte[] onnx) =>
        new Predictor(new StudentSegmenter(onnx, new OnnxRuntimeOptions { PreferCuda = options.PreferCuda }, options.Threshold));

    private sealed class Predictor(StudentSegmenter segmenter) : IStudentPredictor
    {
        public BinaryMask Predict(FrameImage frame) => segmenter.Segment(frame);

        public void Dispose() => segmenter.Dispose();
    }
}
