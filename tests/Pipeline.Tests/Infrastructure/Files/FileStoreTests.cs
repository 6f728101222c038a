using System.Security.Cryptography;
using EndoKED.Pipeline.Infrastructure.Files;

namespace EndoKED.Pipeline.Tests.Infrastructure.Files;

/// <summary>
/// The file store keeps small blobs in append-only packs and larger ones as files; every blob reads back byte for byte
/// from any store object on the same folder, whichever way and whenever it was written.
/// </summary>
public sealed class FileStoreTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "endoked-files-" + Guid.NewGuid().ToString("N")[..8]);

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    private static byte[] Bytes(int length, int seed)
    {
        var b = new byte[length];
        new Random(seed).NextBytes(b);
        return b;
    }

    private static string Sha(byte[] b) => LocalFileStore.Hash(b);

    private static byte[] ReadAll(IFileStore store, string sha)
    {
        using var s = store.OpenRead(sha) ?? throw new Xunit.Sdk.XunitException($"blob {sha[..8]} not found");
        using var copy = new MemoryStream();
        s.CopyTo(copy);
        return copy.ToArray();
    }

    [Fact]
    public void A_small_blob_goes_into_a_pack_and_reads_back_identical()
    {
        using var store = new LocalFileStore(_root);
        var a = Bytes(20_000, 1);
        var b = Bytes(1, 2);

        var put = store.PutHashed(a, Sha(a));
        var putB = store.PutHashed(b, Sha(b));
        var again = store.PutHashed(a, Sha(a));

        Assert.False(put.AlreadyStored);
        Assert.False(putB.AlreadyStored);
        Assert.True(again.AlreadyStored);
        Assert.Equal(a, ReadAll(store, Sha(a)));
        Assert.Equal(b, ReadAll(store, Sha(b)));
        Assert.True(store.Exists(Sha(a)));
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(_root, "blobs"), "*", SearchOption.AllDirectories));
        var pack = Assert.Single(Directory.GetFiles(Path.Combine(_root, "packs"), "*.pack"));
        Assert.Equal(a.Length + b.Length, new FileInfo(pack).Length); // the second put of the same bytes wrote nothing
        var at = store.Locate(Sha(b))!;
        Assert.Equal((pack, (long)a.Length, 1L), (at.Path, at.Offset, at.Length));
    }

    [Fact]
    public async Task A_blob_over_the_pack_limit_and_a_streamed_upload_are_files_of_their_own()
    {
        using var store = new LocalFileStore(_root);
        var big = Bytes(LocalFileStore.MaxPackedBytes + 1, 3);
        var upload = Bytes(5_000, 4);

        await store.PutAsync(big);
        var streamed = await store.PutStreamAsync(new MemoryStream(upload), 10_000);

        Assert.Equal(Sha(upload), streamed.Sha256);
        foreach (var bytes in new[] { big, upload })
        {
            var at = store.Locate(Sha(bytes))!;
            Assert.Equal((0L, (long)bytes.Length), (at.Offset, at.Length));
            Assert.Equal(Sha(bytes), Path.GetFileName(at.Path));
            Assert.Equal(bytes, ReadAll(store, Sha(bytes)));
        }
        Assert.False(Directory.Exists(Path.Combine(_root, "packs")) && Directory.EnumerateFiles(Path.Combine(_root, "packs")).Any());
    }

    [Fact]
    public async Task A_blob_stored_as_a_file_before_packs_existed_reads_and_is_not_stored_again()
    {
        var old = Bytes(3_000, 5);
        var sha = Sha(old);
        var path = Path.Combine(_root, "blobs", sha[..2], sha[2..4], sha);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllBytesAsync(path, old);
        using var store = new LocalFileStore(_root);

        var put = store.PutHashed(old, sha);

        Assert.True(put.AlreadyStored);
        Assert.Equal(old, ReadAll(store, sha));
        Assert.False(Directory.Exists(Path.Combine(_root, "packs")));
    }

    [Fact]
    public void Store_objects_on_one_folder_each_write_their_own_pack_and_read_each_others_blobs_written_later()
    {
        using var first = new LocalFileStore(_root);
        using var second = new LocalFileStore(_root);
        var early = Bytes(700, 6);
        first.PutHashed(early, Sha(early));
        Assert.Equal(early, ReadAll(second, Sha(early))); // second loads the folder's packs now

        var late = Bytes(900, 7);
        first.PutHashed(late, Sha(late)); // after second has read the index
        var own = Bytes(800, 8);
        second.PutHashed(own, Sha(own));

        Assert.Equal(late, ReadAll(second, Sha(late)));
        Assert.Equal(own, ReadAll(first, Sha(own)));
        Assert.Equal(2, Directory.GetFiles(Path.Combine(_root, "packs"), "*.pack").Length);
        using var third = new LocalFileStore(_root);
        Assert.All(new[] { early, late, own }, b => Assert.Equal(b, ReadAll(third, Sha(b))));
    }

    [Fact]
    public void Blobs_stored_from_many_threads_at_once_all_read_back_from_a_new_store_object()
    {
        var blobs = Enumerable.Range(0, 400).Select(i => Bytes(100 + i * 37 % 5_000, 100 + i)).ToList();
        using (var store = new LocalFileStore(_root))
            Parallel.ForEach(blobs, new ParallelOptions { MaxDegreeOfParallelism = 8 }, b => store.PutHashed(b, Sha(b)));

        using var fresh = new LocalFileStore(_root);
        Assert.All(blobs, b => Assert.Equal(b, ReadAll(fresh, Sha(b))));
        var pack = Assert.Single(Directory.GetFiles(Path.Combine(_root, "packs"), "*.pack"));
        Assert.Equal(blobs.Sum(b => (long)b.Length), new FileInfo(pack).Length);
        Assert.Equal(blobs.Count * 48L, new FileInfo(Path.ChangeExtension(pack, ".idx")).Length);
    }

    [Fact]
    public void A_torn_index_record_and_one_pointing_past_its_pack_are_not_read_and_nothing_before_them_is_lost()
    {
        var kept = Bytes(500, 9);
        var lost = Bytes(600, 10);
        string index;
        using (var store = new LocalFileStore(_root))
        {
            store.PutHashed(kept, Sha(kept));
            store.PutHashed(lost, Sha(lost));
            index = Path.ChangeExtension(store.Locate(Sha(kept))!.Path, ".idx");
        }
        // A copy taken while the pack grew: the second blob's bytes are cut off, and half a record follows.
        var pack = Path.ChangeExtension(index, ".pack");
        using (var f = new FileStream(pack, FileMode.Open)) f.SetLength(kept.Length + 100);
        using (var f = new FileStream(index, FileMode.Append)) f.Write(new byte[20]);

        using var reopened = new LocalFileStore(_root);

        Assert.Equal(kept, ReadAll(reopened, Sha(kept)));
        Assert.Null(reopened.OpenRead(Sha(lost)));
        Assert.False(reopened.Exists(Sha(lost)));
        Assert.False(reopened.PutHashed(lost, Sha(lost)).AlreadyStored); // stored again, in a pack of its own
        Assert.Equal(lost, ReadAll(reopened, Sha(lost)));
    }

    [Fact]
    public void A_record_whose_checksum_does_not_match_stops_the_reading_of_its_index()
    {
        var first = Bytes(400, 11);
        var second = Bytes(400, 12);
        string index;
        using (var store = new LocalFileStore(_root))
        {
            store.PutHashed(first, Sha(first));
            store.PutHashed(second, Sha(second));
            index = Path.ChangeExtension(store.Locate(Sha(first))!.Path, ".idx");
        }
        var bytes = File.ReadAllBytes(index);
        bytes[48 + 33] ^= 0xFF; // the second record's offset
        File.WriteAllBytes(index, bytes);

        using var reopened = new LocalFileStore(_root);

        Assert.Equal(first, ReadAll(reopened, Sha(first)));
        Assert.Null(reopened.Locate(Sha(second)));
    }

    [Fact]
    public async Task A_packed_blob_streams_like_a_file_seeking_and_reading_in_pieces()
    {
        using var store = new LocalFileStore(_root);
        var before = Bytes(1_000, 13);
        var blob = Bytes(10_000, 14);
        store.PutHashed(before, Sha(before));
        store.PutHashed(blob, Sha(blob));

        await using var s = store.OpenRead(Sha(blob))!;
        Assert.Equal((true, false, 10_000L), (s.CanSeek, s.CanWrite, s.Length));
        s.Seek(-10, SeekOrigin.End);
        var tail = new byte[64];
        Assert.Equal(10, await s.ReadAsync(tail));
        Assert.Equal(blob[^10..], tail[..10]);
        Assert.Equal(0, s.Read(tail));
        s.Position = 5;
        var piece = new byte[3];
        s.ReadExactly(piece);
        Assert.Equal(blob[5..8], piece);
        Assert.Equal(SHA256.HashData(blob), await SHA256.HashDataAsync(store.OpenRead(Sha(blob))!));
    }

    [Fact]
    public void An_unknown_or_malformed_hash_is_simply_absent()
    {
        using var store = new LocalFileStore(_root);
        store.PutHashed(Bytes(10, 15), Sha(Bytes(10, 15)));

        Assert.Null(store.OpenRead(new string('a', 64)));
        Assert.False(store.Exists(new string('b', 64)));
        Assert.Null(store.Locate("../../etc/passwd"));
        Assert.Throws<ArgumentException>(() => store.PutHashed([1], "not-a-hash"));
    }
}
