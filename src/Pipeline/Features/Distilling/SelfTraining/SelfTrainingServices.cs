using EndoKED.Pipeline.Features.FrameLabels.SegmentingImages;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace EndoKED.Pipeline.Features.Distilling.SelfTraining;

/// <summary>Self-training: a promoted student proposes the next round's masks in the segment stage.</summary>
public static class SelfTrainingServices
{
    public static IServiceCollection AddSelfTraining(this IServiceCollection services, IConfiguration configuration)
    {
        var options = new StudentProposerOptions();
        configuration.GetSection(StudentProposerOptions.Section).Bind(options);
        return services.AddSingleton(options)
            .AddSingleton<PromotedStudents>()
            .AddSingleton<IMaskProposerSource>(sp => sp.GetRequiredService<PromotedStudents>());
    }
}
