using System.Buffers.Binary;
using System.Collections.Concurrent;
using Microsoft.Win32.SafeHandles;

namespace EndoKED.Pipeline.Infrastructure.Files;

/// <summary>Where a packed blob lies: which pack file, from which byte, how many bytes.</summary>
public sealed record BlobLocation(string Path, long Offset, long Length);

/// <summary>
/// Small blobs (frames, masks) appended to pack files instead of one file each. Creating a file costs the kernel an
/// inode, a directory entry and, in a fresh store, a directory per hash prefix: on ext4 that was more CPU per frame than
/// the rest of the ingest's storage together, and it grew after many files had been deleted. A pack is one file written
/// by one store object only (<c>packs/pack-&lt;time&gt;-&lt;id&gt;.pack</c>), beside its index (<c>.idx</c>): 48-byte records of
/// the blob's SHA-256, offset, length and a checksum of the record. A blob's bytes are written before its index record,
/// so a record another process can read always points at bytes already there; a record that is torn, or points past
/// the end of its pack (a copy taken while the pack grew), is not read, nor is anything after it in that index.
/// Other processes' packs are found when a hash is not known yet (the index is read again from where it stopped).
/// </summary>
internal sealed class BlobPacks(string folder) : IDisposable
{
    public const int MaxPackedBytes = 16 << 20;
    private const int RecordBytes = 48;
    private const long PackLimit = 1L << 30;

    private readonly Lock _gate = new();
    private readonly ConcurrentDictionary<Key, Slot> _index = new();
    private readonly List<string> _packs = [];
    private readonly Dictionary<string, (int Pack, long Read)> _indexesRead = new(StringComparer.Ordinal);
    private bool _loaded;
    private Writer? _writer;

    public string Folder { get; } = folder;

    /// <summary>Appends the blob unless a pack already holds it; false when it was there.</summary>
    public bool Append(ReadOnlySpan<byte> bytes, string sha256)
    {
        if (bytes.Length > MaxPackedBytes) throw new ArgumentException($"A packed blob is at most {MaxPackedBytes:N0} bytes.", nameof(bytes));
        var key = Key.Parse(sha256);
        lock (_gate)
        {
            EnsureLoaded();
            if (_index.ContainsKey(key)) return false;
            if (_writer is null || _writer.Length + bytes.Length > PackLimit)
            {
                _writer?.Dispose();
                _writer = Writer.Create(Folder);
                _indexesRead[_writer.IndexPath] = (_packs.Count, 0);
                _packs.Add(_writer.PackPath);
            }
            var offset = _writer.Length;
            RandomAccess.Write(_writer.Pack, bytes, offset);
            _writer.Length += bytes.Length;
            Span<byte> record = stackalloc byte[RecordBytes];
            Record.Write(record, key, offset, bytes.Length);
            RandomAccess.Write(_writer.Index, record, _writer.IndexLength);
            _writer.IndexLength += RecordBytes;
            var pack = _indexesRead[_writer.IndexPath].Pack;
            _indexesRead[_writer.IndexPath] = (pack, _writer.IndexLength);
            _index[key] = new Slot(pack, offset, bytes.Length);
            return true;
        }
    }

    public BlobLocation? Locate(string sha256)
    {
        var key = Key.Parse(sha256);
        if (!_loaded || !_index.ContainsKey(key))
            lock (_gate)
            {
                EnsureLoaded();
                if (!_index.ContainsKey(key)) ReadIndexes(); // written since by another process or store object
            }
        if (!_index.TryGetValue(key, out var slot)) return null;
        string path;
        lock (_gate) path = _packs[slot.Pack];
        return new BlobLocation(path, slot.Offset, slot.Length);
    }

    public Stream? OpenRead(string sha256) =>
        Locate(sha256) is { } at ? new PackSlice(File.OpenHandle(at.Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete), at.Offset, at.Length) : null;

    public void Dispose()
    {
        lock (_gate)
        {
            _writer?.Dispose();
            _writer = null;
        }
    }

    private void EnsureLoaded()
    {
        if (_loaded) return;
        ReadIndexes();
        _loaded = true;
    }

    /// <summary>Reads every index from where this object stopped in it (under the lock).</summary>
    private void ReadIndexes()
    {
        if (!Directory.Exists(Folder)) return;
        foreach (var indexPath in Directory.EnumerateFiles(Folder, "pack-*.idx").Order(StringComparer.Ordinal))
        {
            if (!_indexesRead.TryGetValue(indexPath, out var state))
            {
                state = (_packs.Count, 0);
                _packs.Add(Path.ChangeExtension(indexPath, ".pack"));
                _indexesRead[indexPath] = state;
            }
            if (_writer?.IndexPath == indexPath) continue; // this object's own pack: its index is already in memory
            try
            {
                using var index = File.OpenHandle(indexPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                var length = RandomAccess.GetLength(index);
                if (length - state.Read < RecordBytes) continue;
                long packLength;
                using (var pack = File.OpenHandle(_packs[state.Pack], FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
                    packLength = RandomAccess.GetLength(pack);
                var buffer = new byte[(length - state.Read) / RecordBytes * RecordBytes];
                var got = RandomAccess.Read(index, buffer, state.Read);
                var read = state.Read;
                for (var at = 0; at + RecordBytes <= got; at += RecordBytes)
                {
                    if (!Record.TryRead(buffer.AsSpan(at, RecordBytes), out var key, out var offset, out var size) || offset + size > packLength)
                        break; // torn, or its bytes are not (yet) in the pack: read again next time
                    _index.TryAdd(key, new Slot(state.Pack, offset, size));
                    read += RecordBytes;
                }
                _indexesRead[indexPath] = (state.Pack, read);
            }
            catch (FileNotFoundException)
            {
                // an index without its pack (or removed meanwhile): nothing to read from it
            }
        }
    }

    private readonly record struct Key(ulong A, ulong B, ulong C, ulong D)
    {
        public static Key Parse(string sha256)
        {
            Span<byte> raw = stackalloc byte[32];
            if (Convert.FromHexString(sha256, raw, out _, out var written) != System.Buffers.OperationStatus.Done || written != 32)
                throw new ArgumentException("Not a SHA-256 in hex.", nameof(sha256));
            return From(raw);
        }

        public static Key From(ReadOnlySpan<byte> raw) => new(
            BinaryPrimitives.ReadUInt64BigEndian(raw), BinaryPrimitives.ReadUInt64BigEndian(raw[8..]),
            BinaryPrimitives.ReadUInt64BigEndian(raw[16..]), BinaryPrimitives.ReadUInt64BigEndian(raw[24..]));

        public void Write(Span<byte> raw)
        {
            BinaryPrimitives.WriteUInt64BigEndian(raw, A);
            BinaryPrimitives.WriteUInt64BigEndian(raw[8..], B);
            BinaryPrimitives.WriteUInt64BigEndian(raw[16..], C);
            BinaryPrimitives.WriteUInt64BigEndian(raw[24..], D);
        }
    }

    private readonly record struct Slot(int Pack, long Offset, int Length);

    /// <summary>An index record: hash (32 bytes), offset (8), length (4), an FNV-1a checksum of the 44 bytes before it (4).</summary>
    private static class Record
    {
        public static void Write(Span<byte> record, Key key, long offset, int length)
        {
            key.Write(record);
            BinaryPrimitives.WriteInt64LittleEndian(record[32..], offset);
            BinaryPrimitives.WriteInt32LittleEndian(record[40..], length);
            BinaryPrimitives.WriteUInt32LittleEndian(record[44..], Check(record[..44]));
        }

        public static bool TryRead(ReadOnlySpan<byte> record, out Key key, out long offset, out int length)
        {
            key = Key.From(record);
            offset = BinaryPrimitives.ReadInt64LittleEndian(record[32..]);
            length = BinaryPrimitives.ReadInt32LittleEndian(record[40..]);
            return BinaryPrimitives.ReadUInt32LittleEndian(record[44..]) == Check(record[..44]) && offset >= 0 && length >= 0;
        }

        private static uint Check(ReadOnlySpan<byte> bytes)
        {
            var h = 2166136261u;
            foreach (var b in bytes) h = (h ^ b) * 16777619u;
            return h;
        }
    }

    private sealed class Writer(string packPath, SafeFileHandle pack, string indexPath, SafeFileHandle index) : IDisposable
    {
        public string PackPath { get; } = packPath;
        public string IndexPath { get; } = indexPath;
        public SafeFileHandle Pack { get; } = pack;
        public SafeFileHandle Index { get; } = index;
        public long Length { get; set; }
        public long IndexLength { get; set; }

        public static Writer Create(string folder)
        {
            Directory.CreateDirectory(folder);
            var name = $"pack-{DateTimeOffset.UtcNow:yyyyMMddHHmmssfff}-{Guid.NewGuid():N}";
            var packPath = Path.Combine(folder, name + ".pack");
            var indexPath = Path.Combine(folder, name + ".idx");
            var pack = File.OpenHandle(packPath, FileMode.CreateNew, FileAccess.Write, FileShare.Read | FileShare.Delete);
            // The index is made after its pack: a reader that finds the index finds the pack.
            var index = File.OpenHandle(indexPath, FileMode.CreateNew, FileAccess.Write, FileShare.Read | FileShare.Delete);
            return new Writer(packPath, pack, indexPath, index);
        }

        public void Dispose()
        {
            Pack.Dispose();
            Index.Dispose();
        }
    }

    /// <summary>A read-only, seekable view of one blob's bytes in its pack.</summary>
    private sealed class PackSlice(SafeFileHandle handle, long start, long length) : Stream
    {
        private long _position;

        public override bool CanRead => true;
        public override bool CanSeek => true;
        public override bool CanWrite => false;
        public override long Length => length;

        public override long Position
        {
            get => _position;
            set => _position = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value));
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var n = (int)Math.Min(buffer.Length, Math.Max(0, length - _position));
            if (n == 0) return 0;
            var got = RandomAccess.Read(handle, buffer[..n], start + _position);
            _position += got;
            return got;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var n = (int)Math.Min(buffer.Length, Math.Max(0, length - _position));
            if (n == 0) return 0;
            var got = await RandomAccess.ReadAsync(handle, buffer[..n], start + _position, cancellationToken);
            _position += got;
            return got;
        }

        public override long Seek(long offset, SeekOrigin origin) => Position = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            SeekOrigin.End => length + offset,
            _ => throw new ArgumentOutOfRangeException(nameof(origin)),
        };

        public override void Flush() { }
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing) handle.Dispose();
            base.Dispose(disposing);
        }
    }
}
