using System.Text;
using EndoKED.Pipeline.Features.Ingest.Checking;
using EndoKED.Pipeline.Features.Ingest.Reading;

namespace EndoKED.Pipeline.Tests.Features.Ingest;

public class RecordTextTests
{
    private static SourceFile File(string name, byte[] bytes) => new(name, name, bytes.Length, () => new MemoryStream(bytes));

    [Fact]
    public void A_chinese_report_in_utf8_is_read_verbatim_without_its_bom()
    {
        var text = "乙状结肠见一枚约0.6cm息肉，予冷圈套切除。";
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(text)).ToArray();
        var (read, error) = RecordText.Read(File("report.txt", bytes), 1024);
        Assert.Null(error);
        Assert.Equal(text, read);
    }

    [Fact]
    public void A_report_that_is_not_utf8_is_refused_with_what_to_do()
    {
        var gbk = new byte[] { 0xD2, 0xD2, 0xD7, 0xB4, 0xBD, 0xE1, 0xB3, 0xA6 }; // GBK bytes, invalid as UTF-8
        var (read, error) = RecordText.Read(File("report.txt", gbk), 1024);
        Assert.Null(read);
        Assert.Contains("not valid UTF-8", error);
        Assert.Contains("convert it to UTF-8", error);
    }

    [Fact]
    public void Binary_junk_with_nul_bytes_is_refused()
    {
        var (_, error) = RecordText.Read(File("report.txt", [0x41, 0x00, 0x42]), 1024);
        Assert.Contains("binary", error);
    }

    [Fact]
    public void A_report_over_the_size_limit_is_refused()
    {
        var (_, error) = RecordText.Read(File("report.txt", new byte[2048]), 1024);
        Assert.Contains("limit", error);
    }

    [Fact]
    public void Exam_json_gives_patient_date_and_metadata()
    {
        var (meta, error) = RecordText.ParseExamJson("""{"patientId":"P-7","date":"2026-03-14","metadata":{"scope":"CF-HQ190","bbps":7}}""");
        Assert.Null(error);
        Assert.Equal("P-7", meta!.PatientId);
        Assert.Equal(new DateOnly(2026, 3, 14), meta.Date);
        Assert.Equal("CF-HQ190", meta.Extra["scope"]);
        Assert.Equal("7", meta.Extra["bbps"]);
    }

    [Theory]
    [InlineData("{not json", "not valid JSON")]
    [InlineData("[1,2]", "JSON object")]
    [InlineData("""{"date":"14/03/2026"}""", "yyyy-MM-dd")]
    public void A_bad_exam_json_is_refused_with_the_reason(string json, string expected)
    {
        var (meta, error) = RecordText.ParseExamJson(json);
        Assert.Null(meta);
        Assert.Contains(expected, error);
    }
}
