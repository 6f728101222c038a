using EndoKED.Pipeline.Features.Examinations;
using EndoKED.Pipeline.Features.Extraction.ExtractingFindings;
using EndoKED.Shared.Records;
using Marten;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace EndoKED.Portal.Tests.Infrastructure
{
    /// <summary>The work queues on a real RabbitMQ broker (EndoKED:Transport=rabbitmq): ingested reports are read through it.</summary>
    public sealed class RabbitMqTransportTests
    {
        private sealed class RabbitPortal(string uri) : PortalFactory
        {
            protected override void ConfigureWebHost(IWebHostBuilder builder)
            {
                base.ConfigureWebHost(builder);
                builder.UseSetting("EndoKED:Transport", "rabbitmq");
                builder.UseSetting("EndoKED:RabbitMq:Uri", uri);
            }
        }

        [SkippableFact]
        public async Task Reports_ingested_with_the_rabbitmq_transport_are_read_through_the_broker()
        {
            var uri = Environment.GetEnvironmentVariable("ENDOKED_TEST_RABBITMQ");
            Skip.If(string.IsNullOrWhiteSpace(uri), "ENDOKED_TEST_RABBITMQ is not set: ./endoked test starts a private rabbitmq-server for this test.");
            using var portal = new RabbitPortal(uri!);
            portal.Start();
            var folder = TestPaths.NewTempDir("rabbit");
            for (var i = 0; i < 3; i++)
                TestFrames.ExamFolder(folder, $"rabbit-{i}", i == 0 ? "No polyps seen." : $"A {4 + i} mm polyp in the sigmoid colon.", null,
                    ("f.png", TestFrames.Png(seed: 7100 + i)));

            await portal.IngestAsync(folder, "centre-q");
            var store = portal.Services.GetRequiredService<IDocumentStore>();
            IReadOnlyList<ExaminationView> exams;
            await using (var query = store.QuerySession())
                exams = await query.Query<ExaminationView>().Where(x => x.CentreId == "centre-q").ToListAsync();

            // Sent as the pipeline sends it: with this transport the message travels through the broker's extract queue.
            var bus = portal.Services.GetRequiredService<Wolverine.IMessageBus>();
            foreach (var exam in exams) await bus.PublishAsync(new ExtractFindings(exam.Id, "rabbit-test"));
            exams = await Eventually.Returns(async () =>
            {
                await using var session = store.QuerySession();
                return await session.Query<ExaminationView>().Where(x => x.CentreId == "centre-q").ToListAsync();
            }, e => e.Count == 3 && e.All(x => x.Status != ExaminationStatus.Ingested), "the three findings are extracted through the broker",
                TimeSpan.FromSeconds(60), TimeSpan.FromMilliseconds(250));
            Assert.Equal(3, exams.Count);
            Assert.All(exams, x => Assert.NotEqual(ExaminationStatus.Ingested, x.Status));
        }
    }
}
