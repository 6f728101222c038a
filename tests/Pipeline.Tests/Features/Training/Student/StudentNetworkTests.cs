using EndoKED.Pipeline.Models.Student;
using TorchSharp;

namespace EndoKED.Pipeline.Tests.Features.Training.Student;

public sealed class StudentNetworkTests
{
    private static readonly StudentOptions Small = new() { BaseChannels = 8, Levels = 3, InputSize = 32, Seed = 5 };

    [Fact]
    public void The_student_gives_one_logit_per_input_pixel()
    {
        using var network = StudentNetwork.Create(Small);
        using var x = torch.rand(2, 3, 32, 32);
        using var y = network.call(x);

        Assert.Equal([2L, 1, 32, 32], y.shape);
    }

    [Fact]
    public void Two_students_built_with_the_same_seed_have_the_same_weights_and_another_seed_differs()
    {
        using var a = StudentNetwork.Create(Small);
        using var b = StudentNetwork.Create(Small);
        using var c = StudentNetwork.Create(Small with { Seed = 6 });

        var wa = a.parameters().SelectMany(p => p.data<float>().ToArray()).ToArray();
        var wb = b.parameters().SelectMany(p => p.data<float>().ToArray()).ToArray();
        var wc = c.parameters().SelectMany(p => p.data<float>().ToArray()).ToArray();
        Assert.Equal(wa, wb);
        Assert.NotEqual(wa, wc);
    }

    [Fact]
    public void The_default_student_is_a_four_level_unet_of_base_width_16_under_two_million_parameters()
    {
        using var built = StudentNetwork.Create(new StudentOptions());
        var network = Assert.IsType<PlainUNet>(built);

        Assert.Equal(4, network.Encoders.Count);
        Assert.Equal(3, network.Ups.Count);
        Assert.InRange(network.ParameterCount(), 400_000, 2_000_000);
    }

    [Fact]
    public void An_input_size_that_the_levels_cannot_halve_evenly_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new StudentOptions { Levels = 4, InputSize = 100 }.Validate());
    }

    [Fact]
    public void A_base_width_that_is_not_a_multiple_of_eight_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new StudentOptions { BaseChannels = 4 }.Validate());
        new StudentOptions { BaseChannels = 24 }.Validate();
    }
}
