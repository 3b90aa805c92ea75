using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Crowdsourcing.Providers.Relational;

/// <summary>
/// Writes the compact rows of the schema's version 2 (belief chunks, cycle contact chunks): unsigned LEB128 integers,
/// UTF-8 strings prefixed by their byte length, and little-endian IEEE 754 doubles, into a growing pooled buffer.
/// </summary>
internal sealed class CompactWriter : IDisposable
{
    private byte[] _buffer;
    private int _length;

    public CompactWriter(int capacity = 1 << 16)
    {
        _buffer = ArrayPool<byte>.Shared.Rent(capacity);
    }

    public int Length => _length;

    public void Reset() => _length = 0;

    public void WriteVarint(uint value)
    {
        Ensure(5);
        while (value >= 0x80)
        {
            _buffer[_length++] = (byte)(value | 0x80);
            value >>= 7;
        }

        _buffer[_length++] = (byte)value;
    }

    public void WriteString(string value)
    {
        if (value.Length < 128 && Ascii.IsValid(value))
        {
            // The common case (ids): one byte per character and a one-byte length, written in place.
            Ensure(value.Length + 1);
            _buffer[_length++] = (byte)value.Length;
            _length += Encoding.ASCII.GetBytes(value, _buffer.AsSpan(_length));
            return;
        }

        var bytes = Encoding.UTF8.GetMaxByteCount(value.Length);
        Ensure(bytes + 5);
        var count = Encoding.UTF8.GetBytes(value, _buffer.AsSpan(_length + 5));
        var start = _length;
        WriteVarint((uint)count);
        Buffer.BlockCopy(_buffer, start + 5, _buffer, _length, count);
        _length += count;
    }

    public void WriteDouble(double value)
    {
        Ensure(8);
        BinaryPrimitives.WriteDoubleLittleEndian(_buffer.AsSpan(_length), value);
        _length += 8;
    }

    public void WriteByte(byte value)
    {
        Ensure(1);
        _buffer[_length++] = value;
    }

    /// <summary>The bytes written so far.</summary>
    public ReadOnlySpan<byte> Written => _buffer.AsSpan(0, _length);

    /// <summary>The bytes written, copied into an array of their exact length (a database parameter).</summary>
    public byte[] ToArray() => _buffer.AsSpan(0, _length).ToArray();

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }

    private void Ensure(int more)
    {
        if (_length + more <= _buffer.Length)
        {
            return;
        }

        var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _length + more));
        Buffer.BlockCopy(_buffer, 0, bigger, 0, _length);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = bigger;
    }
}

/// <summary>Reads what <see cref="CompactWriter"/> wrote.</summary>
internal ref struct CompactReader(ReadOnlySpan<byte> data)
{
    private readonly ReadOnlySpan<byte> _data = data;
    private int _position;

    public readonly bool End => _position >= _data.Length;

    public uint ReadVarint()
    {
        uint value = 0;
        var shift = 0;
        while (true)
        {
            var b = _data[_position++];
            value |= (uint)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }

            shift += 7;
            if (shift > 28)
            {
                throw new InvalidDataException("A stored compact row is corrupt: a number is too long.");
            }
        }
    }

    public string ReadString()
    {
        var count = (int)ReadVarint();
        var value = Encoding.UTF8.GetString(_data.Slice(_position, count));
        _position += count;
        return value;
    }

    public double ReadDouble()
    {
        var value = BinaryPrimitives.ReadDoubleLittleEndian(_data.Slice(_position, 8));
        _position += 8;
        return value;
    }

    public byte ReadByte() => _data[_position++];
}

/// <summary>SHA-256 over a sequence of ids (each UTF-8 with its length), as lowercase hex.</summary>
internal static class IdsHash
{
    public static string Of(ReadOnlySpan<string> ids)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using var writer = new CompactWriter();
        foreach (var id in ids)
        {
            writer.WriteString(id);
            if (writer.Length > 60_000)
            {
                hash.AppendData(writer.Written);
                writer.Reset();
            }
        }

        hash.AppendData(writer.Written);
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
