namespace Mnemo.Internal.Export;

/// <summary>
/// Splits a byte stream into lines at <c>\n</c> (a trailing <c>\r</c> is dropped) without decoding
/// them, so that bytes which are not UTF-8 reach the JSON parser and are reported, not replaced.
/// </summary>
internal sealed class LineReader(Stream source)
{
    private byte[] _buffer = new byte[1 << 16];
    private int _start;
    private int _end;
    private bool _eof;

    /// <summary>The 1-based number of the line last returned.</summary>
    public long LineNumber { get; private set; }

    /// <summary>The next line (valid until the next call), or false at the end of the stream.</summary>
    public bool TryRead(out ReadOnlyMemory<byte> line)
    {
        int scanFrom = _start;
        while (true)
        {
            int newline = Array.IndexOf(_buffer, (byte)'\n', scanFrom, _end - scanFrom);
            if (newline >= 0)
            {
                line = Trim(_start, newline);
                _start = newline + 1;
                LineNumber++;
                return true;
            }
            if (_eof)
            {
                if (_start == _end)
                {
                    line = default;
                    return false;
                }
                line = Trim(_start, _end);
                _start = _end;
                LineNumber++;
                return true;
            }
            scanFrom = _end - _start;
            Fill();
        }
    }

    private ReadOnlyMemory<byte> Trim(int start, int end)
    {
        if (end > start && _buffer[end - 1] == (byte)'\r')
        {
            end--;
        }
        return _buffer.AsMemory(start, end - start);
    }

    private void Fill()
    {
        // Move the partial line to the front, grow when a line fills the whole buffer, then read.
        int pending = _end - _start;
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, pending);
            _start = 0;
            _end = pending;
        }
        if (_end == _buffer.Length)
        {
            Array.Resize(ref _buffer, _buffer.Length * 2);
        }
        int read = source.Read(_buffer, _end, _buffer.Length - _end);
        if (read == 0)
        {
            _eof = true;
        }
        _end += read;
    }
}
