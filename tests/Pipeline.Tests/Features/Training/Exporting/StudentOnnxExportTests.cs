using EndoKED.Pipeline.Models.Student.Exporting;
using EndoKED.Pipeline.Models.Student;
using TorchSharp;

namespace EndoKED.Pipeline.Tests.Features.Training.Exporting;

public sealed class StudentOnnxExportTests
{
    /// <summary>Train-mode passes move BatchNorm's running statistics away from 0/1, so folding is really exercised.</summary>
    private static void WarmBatchNorm(StudentNetwork network, int size)
    {
        network.train();
        for (var i = 0; i < 5; i++)
        {
            using var scope = torch.NewDisposeScope();
            using var noGrad = torch.no_grad();
            network.call((torch.rand(4, 3, size, size) * 3) + 0.5);
        }
    }

    [Fact]
    public void The_exported_graph_matches_torchsharp_within_the_tolerance_and_records_the_figure()
    {
        using var network = StudentNetwork.Create(new StudentOptions { BaseChannels = 8, Levels = 4, InputSize = 64, Seed = 3 });
        WarmBatchNorm(network, 64);

        var export = OnnxExportCheck.ExportChecked(network, "student-test");

        Assert.True(export.Check.MaxAbsDiff < 1e-3, $"max abs diff {export.Check.MaxAbsDiff}");
        Assert.True(network.training, "the check restores training mode");
        Assert.True(export.Model.Length > 10_000);
    }

    [Fact]
    public void A_check_against_a_different_network_fails_so_the_comparison_can_catch_a_wrong_export()
    {
        using var exported = StudentNetwork.Create(new StudentOptions { BaseChannels = 8, Levels = 3, InputSize = 32, Seed = 1 });
        using var other = StudentNetwork.Create(new StudentOptions { BaseChannels = 8, Levels = 3, InputSize = 32, Seed = 2 });
        var model = OnnxExportCheck.ExportChecked(exported, "a").Model;

        var check = OnnxExportCheck.Compare(other, model, OnnxExportCheck.DefaultTolerance, batch: 1, seed: 9);

        Assert.False(check.Passed);
    }
}
