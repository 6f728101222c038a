using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.ML.OnnxRuntime;

namespace EndoKED.Pipeline.Models.Onnx;

/// <summary>How ONNX Runtime sessions are made: CUDA when asked for and loadable, otherwise the CPU.</summary>
public sealed record OnnxRuntimeOptions
{
    public bool PreferCuda { get; init; } = true;
    public int CudaDeviceId { get; init; }

    /// <summary>0 lets ONNX Runtime choose (one thread per core).</summary>
    public int IntraOpThreads { get; init; }
}

/// <summary>An inference session and the execution provider it really got.</summary>
public sealed record OnnxSession(InferenceSession Session, string Provider) : IDisposable
{
    public void Dispose() => Session.Dispose();
}

public static class OnnxSessionFactory
{
    public const string Cuda = "CUDA";
    public const string Cpu = "CPU";

    /// <summary>
    /// Tries CUDA first when <see cref="OnnxRuntimeOptions.PreferCuda"/>; any failure (CPU-only build, no driver, no
    /// cuDNN) falls back to fresh CPU options, because options that saw a failed append are not trusted.
    /// </summary>
    public static OnnxSession Create(byte[] model, OnnxRuntimeOptions options, ILogger? logger = null) =>
        Create(o => new InferenceSession(model, o), options, logger);

    /// <summary>From a file: models over 2 GB (SAM ViT-H) keep their weights in external data files beside it.</summary>
    public static OnnxSession Create(string modelPath, OnnxRuntimeOptions options, ILogger? logger = null) =>
        Create(o => new InferenceSession(modelPath, o), options, logger);

    private static OnnxSession Create(Func<SessionOptions, InferenceSession> open, OnnxRuntimeOptions options, ILogger? logger)
    {
        logger ??= NullLogger.Instance;
        if (options.PreferCuda)
        {
            SessionOptions? cuda = null;
            try
            {
                cuda = NewOptions(options);
                cuda.AppendExecutionProvider_CUDA(options.CudaDeviceId);
                return new OnnxSession(open(cuda), Cuda);
            }
            catch (Exception ex)
            {
                logger.LogInformation("ONNX Runtime: CUDA unavailable ({Reason}); using the CPU.", FirstLine(ex.Message));
            }
            finally
            {
                cuda?.Dispose();
            }
        }
        using var cpu = NewOptions(options);
        return new OnnxSession(open(cpu), Cpu);
    }

    private static SessionOptions NewOptions(OnnxRuntimeOptions options)
    {
        var o = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
        if (options.IntraOpThreads > 0)
            o.IntraOpNumThreads = options.IntraOpThreads;
        return o;
    }

    private static string FirstLine(string text)
    {
        var end = text.IndexOf('\n');
        return end < 0 ? text : text[..end];
    }
}
