using EndoKED.Pipeline.Features.FrameLabels.Localising;
using EndoKED.Pipeline.Models.Mil;
using EndoKED.Pipeline.Models.Onnx;
using EndoKED.Pipeline.Models.Onnx.Proto;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using EndoKED.Pipeline.Models.ResNet18;
using OpenCvSharp;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using Xunit.Abstractions;

namespace EndoKED.Pipeline.Tests.Features.FrameLabels.Localising;

/// <summary>
/// The real ResNet-18 and a head that knows one pattern (a pale disc on a textured background): the CAM of each view
/// (7x7, 14x14 à trous, each of the mirrored frame) must put its peak on the disc of a frame the head never saw.
/// </summary>
public sealed class MultiViewCamTests(ITestOutputHelper output)
{
    private const int Width = 320;
    private const int Height = 240;

    /// <summary>Frame pixel at the centre of coarse cell (row, col): (16 + 32·col)·W/224 − 0.5.</summary>
    private static (double X, double Y) CellCentre(int row, int col) =>
        ((16 + 32.0 * col) * Width / FramePreparer.Side - 0.5, (16 + 32.0 * row) * Height / FramePreparer.Side - 0.5);

    private static PreparedFrame Disc(int row, int col)
    {
        var (cx, cy) = CellCentre(row, col);
        using var image = new Image<Rgb24>(Width, Height);
        for (var y = 0; y < Height; y++)
            for (var x = 0; x < Width; x++)
                image[x, y] = (x - cx) * (x - cx) + (y - cy) * (y - cy) < 22 * 22
                    ? new Rgb24(240, 200, 160)
                    : new Rgb24((byte)(120 + (x * 7 + y * 3) % 50), 60, (byte)(40 + (x + 2 * y) % 30));
        return SharedResNet.Instance.Preparer.Prepare(image, $"disc-{row}-{col}");
    }

    [Fact]
    public void The_14x14_map_from_shifted_runs_is_the_map_of_the_last_stage_run_a_trous()
    {
        var features = SharedResNet.Instance;
        var pass = features.ExtractWithStageInput([Disc(2, 4), Disc(5, 1)], stageInput: true);
        var fine = features.FineMaps([.. pass.Select(p => p.StageInput!)], [.. pass.Select(p => p.Features.FeatureMap)]);

        // The reference: the same stage cut with its strides removed and its later convolutions dilated.
        var network = ModelProto.Parser.ParseFrom(File.ReadAllBytes(new ResNet18Options().NetworkPath));
        var stage = LastStage.Cut(network, features.Names.FeatureMap, dilate: true);
        using var session = new InferenceSession(stage.Model.ToByteArray());
        for (var f = 0; f < pass.Count; f++)
        {
            var input = pass[f].StageInput!;
            using var tensor = OrtValue.CreateTensorValueFromMemory(input, [1, input.Length / 196, 14, 14]);
            using var outputs = session.Run(new RunOptions(), [stage.Input], [tensor], [stage.Output]);
            var dilated = outputs[0].GetTensorDataAsSpan<float>().ToArray();

            Assert.Equal(dilated.Length, fine[f].Length);
            var worst = dilated.Select((d, i) => Math.Abs(d - fine[f][i]) / (1 + Math.Abs(d))).Max();
            var parity = string.Join(", ", Enumerable.Range(0, 4).Select(q => dilated.Select((d, i) => (d, i))
                .Where(x => x.i % 196 / 14 % 2 == q / 2 && x.i % 14 % 2 == q % 2).Max(x => Math.Abs(x.d - fine[f][x.i]) / (1 + Math.Abs(x.d))).ToString("G3")));
            output.WriteLine($"frame {f}: worst by parity (dy,dx)=00,01,10,11: {parity}");
            Assert.True(worst < 1e-3, $"frame {f}: a cell differs from the à trous stage's by {worst:G3} (relative); by parity {parity}");
            var even = Enumerable.Range(0, 512 * 49).Max(k =>
            {
                var (c, i, j) = (k / 49, k % 49 / 7, k % 7);
                return Math.Abs(pass[f].Features.FeatureMap[k] - dilated[c * 196 + 2 * i * 14 + 2 * j]) / (1 + Math.Abs(dilated[c * 196 + 2 * i * 14 + 2 * j]));
            });
            Assert.True(even < 1e-3, $"frame {f}: the à trous stage's even cells differ from the 7x7 map by {even:G3}");
        }
    }

    [Fact]
    public void Each_view_of_the_cam_puts_its_peak_on_the_pattern_within_a_few_pixels()
    {
        var features = SharedResNet.Instance;
        using var scorer = PrototypeHead(features, Disc(2, 4), (2, 4));
        var frame = Disc(4, 2);
        var plain = features.ExtractWithStageInput([frame], stageInput: true)[0];
        var mirrored = features.ExtractWithStageInput([frame.Mirrored()], stageInput: true)[0];
        var fine = features.FineMaps([plain.StageInput!, mirrored.StageInput!], [plain.Features.FeatureMap, mirrored.Features.FeatureMap]);

        var views = new (string Name, CamLayer Layer)[]
        {
            ("7x7", CamLayer.Coarse(scorer.Cam(plain.Features.FeatureMap, 7))),
            ("7x7 mirrored", CamLayer.Coarse(scorer.Cam(mirrored.Features.FeatureMap, 7), mirrored: true)),
            ("14x14", CamLayer.Fine(scorer.Cam(fine[0], 14))),
            ("14x14 mirrored", CamLayer.Fine(scorer.Cam(fine[1], 14), mirrored: true)),
        };
        var (ex, ey) = CellCentre(4, 2);
        foreach (var (name, layer) in views.Append(("all fused", null!)))
        {
            using var heat = layer is null ? CamFusion.Fuse([.. views.Select(v => v.Layer)], Width, Height) : CamFusion.Fuse([layer], Width, Height);
            Cv2.MinMaxLoc(heat, out _, out _, out _, out OpenCvSharp.Point peak);
            output.WriteLine($"{name}: peak at ({peak.X}, {peak.Y}), disc centre ({ex:F1}, {ey:F1})");
            Assert.True(Math.Abs(peak.X - ex) <= 4 && Math.Abs(peak.Y - ey) <= 4,
                $"{name}: peak at ({peak.X}, {peak.Y}), the disc is centred at ({ex:F1}, {ey:F1})");
        }
    }

    [Fact]
    public void The_managed_cam_of_a_7x7_map_is_the_cam_the_onnx_head_gives()
    {
        var features = SharedResNet.Instance;
        using var scorer = PrototypeHead(features, Disc(2, 4), (2, 4));
        var map = features.Extract([Disc(1, 3)])[0];

        var onnx = scorer.Score([map])[0].Cam;
        var managed = scorer.Cam(map.FeatureMap, 7);

        for (var k = 0; k < 49; k++)
            Assert.Equal(onnx[k], managed[k], 1e-3 * (1 + Math.Abs(onnx[k])));
    }

    /// <summary>A head whose weights are the pattern's feature minus the mean of the other cells (a prototype), saved and loaded as the pipeline does.</summary>
    private static MilScorer PrototypeHead(ResNet18Features features, PreparedFrame example, (int Row, int Col) at)
    {
        var map = features.Extract([example])[0].FeatureMap;
        var weights = new float[512];
        var cell = at.Row * 7 + at.Col;
        for (var c = 0; c < 512; c++)
        {
            var plane = map.AsSpan(c * 49, 49);
            var rest = (plane.ToArray().Sum() - plane[cell]) / 48;
            weights[c] = plane[cell] - rest;
        }
        var head = new MilHeadWeights(new float[512], Enumerable.Repeat(1f, 512).ToArray(), weights, 0);
        var path = Path.Combine(TestPaths.NewTempDir("prototype-head"), "head.onnx");
        MilModelStore.Save(path, head, 0.5, 1, 1, 0);
        return new MilScorer(path, new OnnxRuntimeOptions { PreferCuda = false });
    }
}
