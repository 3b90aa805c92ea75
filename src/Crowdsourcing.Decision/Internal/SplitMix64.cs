namespace Crowdsourcing.Decision.Internal;

/// <summary>SplitMix64: a small, fast, seedable generator; one instance per (run, week, block) keeps results independent of threading.</summary>
internal struct SplitMix64
{
    private ulong _state;

    public SplitMix64(ulong seed) => _state = seed;

    public static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    public static SplitMix64 For(int seed, int run, int week, int block)
    {
        var h = Mix((ulong)(uint)seed + 0x9E3779B97F4A7C15UL);
        h = Mix(h ^ ((ulong)(uint)run * 0xD1B54A32D192ED03UL));
        h = Mix(h ^ ((ulong)(uint)week * 0xABC98388FB8FAC03UL));
        h = Mix(h ^ ((ulong)(uint)block * 0x8CB92BA72F3D8DD7UL));
        return new SplitMix64(h);
    }

    public ulong NextUInt64()
    {
        _state += 0x9E3779B97F4A7C15UL;
        return Mix(_state);
    }

    /// <summary>A uniform double in [0, 1).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));
}
