using System.Text.Json;
using EndoKED.Pipeline.Cli;
using EndoKED.Pipeline.Models.Onnx;
using EndoKED.Pipeline.Models.Student.Exporting;
using EndoKED.Pipeline.Models.Student.Fitting;
using EndoKED.Pipeline.Models.Student;
using EndoKED.Pipeline.Features.Training.Verbs;
using EndoKED.Pipeline.Models.Frames;
using Microsoft.ML.OnnxRuntime;

namespace EndoKED.Pipeline.Tests.Features.Training.Verbs;

public sealed class TrainStudentVerbTests
{
    private static async Task<(int Code, string Out, string Error)> Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await EntryPoint.RunAsync(args, new CliConsole(output, error), CancellationToken.None);
        return (code, output.ToString(), error.ToString());
    }

    /// <summary>Eight cvc-clinicdb frames far apart in the video (different scenes), copied to a temporary folder.</summary>
    private static (string Images, string Masks) TinySet(string polyps)
    {
        var root = TestPaths.NewTempDir("student-verb-data");
        var (images, masks) = (Path.Combine(root, "images"), Path.Combine(root, "masks"));
        Directory.CreateDirectory(images);
        Directory.CreateDirectory(masks);
        foreach (var e in PolypsManifest.Read(polyps).Where(e => e.Dataset == "cvc-clinicdb").Where((_, i) => i % 38 == 0).Take(8))
        {
            File.Copy(Path.Combine(polyps, e.Image), Path.Combine(images, Path.GetFileName(e.Image)));
            File.Copy(Path.Combine(polyps, e.Mask!), Path.Combine(masks, Path.GetFileName(e.Mask!)));
        }
        File.Copy(Directory.GetFiles(images)[0], Path.Combine(images, "no-mask.png"));
        return (images, masks);
    }

    [SkippableFact]
    public async Task Two_epochs_on_eight_real_frames_export_a_model_that_onnx_runtime_reloads_and_that_matches_torchsharp()
    {
        var polyps = TestPaths.RequirePolypsData();
        var (images, masks) = TinySet(polyps);
        var output = Path.Combine(TestPaths.NewTempDir("student-verb"), "out");

        var (code, stdout, stderr) = await Run("train", "student", "--images", images, "--masks", masks, "--epochs", "2",
            "--size", "64", "--base", "8", "--batch", "3", "--val-fraction", "0.25", "--threads", "2", "--output", output);

        Assert.True(code == 0, stderr + stdout);
        Assert.Contains("1 frame(s) without a mask skipped: no-mask", stderr);
        Assert.Contains("epoch 1/2", stdout);
        Assert.Contains("epoch 2/2", stdout);
        using var metrics = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(output, "metrics.json")));
        Assert.Equal(2, metrics.RootElement.GetProperty("epochs").GetArrayLength());
        Assert.True(metrics.RootElement.GetProperty("onnxCheck").GetProperty("maxAbsDiff").GetDouble() < 1e-3);
        Assert.Equal(8, metrics.RootElement.GetProperty("split").GetProperty("train").GetInt32() + metrics.RootElement.GetProperty("split").GetProperty("validation").GetInt32());

        // Reload: ONNX Runtime on the written file against TorchSharp on the checkpoint, on a real frame.
        var checkpoint = StudentCheckpoint.Read(Path.Combine(output, "checkpoint"));
        Assert.Equal(2, checkpoint.Epoch);
        using var network = checkpoint.LoadNetwork(Path.Combine(output, "checkpoint"));
        using var frame = new FrameLoader().LoadFile(Directory.GetFiles(images).Order().First()).Frame!;
        var input = new float[3 * 64 * 64];
        StudentInput.ToChw(StudentInput.Rgb(frame, 64), 64, input);
        var torchLogits = network.EvalLogits(input, 1);
        using var session = OnnxSessionFactory.Create(await File.ReadAllBytesAsync(Path.Combine(output, "model.onnx")), new OnnxRuntimeOptions { PreferCuda = false });
        using var tensor = OrtValue.CreateTensorValueFromMemory(input, [1, 3, 64, 64]);
        using var results = session.Session.Run(new RunOptions(), [StudentOnnxExporter.Input], [tensor], [StudentOnnxExporter.Logit]);
        var onnxLogits = results[0].GetTensorDataAsSpan<float>().ToArray();
        Assert.True(torchLogits.Zip(onnxLogits).Max(p => Math.Abs(p.First - p.Second)) < 1e-3);
        Assert.StartsWith("student-resnet18-unet-v1-frozen-b8-s64+", session.Session.ModelMetadata.CustomMetadataMap["version"]);
        Assert.Equal((StudentEncoders.ResNet18, true), (checkpoint.Network.Encoder, checkpoint.Network.FreezeEncoder));

        // Resume: a third epoch continues from the checkpoint instead of starting again.
        var (again, resumed, _) = await Run("train", "student", "--images", images, "--masks", masks, "--epochs", "3",
            "--size", "64", "--base", "8", "--batch", "3", "--val-fraction", "0.25", "--threads", "2", "--output", output, "--resume");
        Assert.Equal(0, again);
        Assert.Contains("resuming after epoch 2", resumed);
        Assert.DoesNotContain("epoch 1/3", resumed);
        Assert.Contains("epoch 3/3", resumed);
    }

    [Fact]
    public async Task Train_without_a_subcommand_or_with_an_unknown_one_is_bad_usage()
    {
        Assert.Equal(2, (await Run("train")).Code);
        var (code, _, error) = await Run("train", "teacher");
        Assert.Equal(2, code);
        Assert.Contains("Known: student", error);
    }

    [Fact]
    public async Task Train_help_shows_the_student_options()
    {
        var (code, output, _) = await Run("train", "student", "--help");

        Assert.Equal(0, code);
        Assert.Contains("--val-fraction", output);
        Assert.Contains("--resume", output);
    }

    [Fact]
    public async Task Missing_folders_and_bad_numbers_are_bad_usage()
    {
        Assert.Equal(2, (await Run("train", "student", "--images", "/nonexistent", "--masks", "/nonexistent")).Code);
        var (code, _, error) = await Run("train", "student", "--images", "/tmp", "--masks", "/tmp", "--encoder", "vgg");
        Assert.Equal((2, true), (code, error.Contains("resnet18", StringComparison.Ordinal)));
        (code, _, error) = await Run("train", "student", "--images", "/tmp", "--masks", "/tmp", "--size", "48");
        Assert.Equal((2, true), (code, error.Contains("multiple of 32", StringComparison.Ordinal)));
        Assert.Equal(2, (await Run("train", "student", "--images", "/tmp", "--masks", "/tmp", "--val-fraction", "1.5")).Code);
        Assert.Equal(2, (await Run("train", "student", "--images", "/tmp", "--masks", "/tmp", "--size", "100")).Code);
    }

    [Fact]
    public void The_train_verb_lists_each_subcommand_in_its_summary()
    {
        Assert.Contains("student", new TrainVerb([new TrainStudentCommand()]).Summary);
    }
}
