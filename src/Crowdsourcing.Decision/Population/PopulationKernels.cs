using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Crowdsourcing.Decision.Population;

/// <summary>Vectorised kernels for the common shape of three states (the CrowdArb model), with constants in registers.</summary>
internal static class PopulationKernels
{
    /// <summary>MEU_0 = max_a Σ_x b(x)·(T·U)(x, a) and V_k = Σ_x b(x)·m_k(x) − MEU_0, for 3 states and any number of actions.</summary>
    public static void Evaluate3(
        double[] c0, double[] c1, double[] c2, double[] predictedUtility, int actions, double[] revealed, double[] meu0, double[] values, int start, int end)
    {
        var w = Vector<double>.Count;
        var m0 = new Vector<double>(revealed[0]);
        var m1 = new Vector<double>(revealed[1]);
        var m2 = new Vector<double>(revealed[2]);
        var u00 = new Vector<double>(predictedUtility[0]);
        var u10 = new Vector<double>(predictedUtility[actions]);
        var u20 = new Vector<double>(predictedUtility[2 * actions]);
        var u01 = new Vector<double>(predictedUtility[1]);
        var u11 = new Vector<double>(predictedUtility[actions + 1]);
        var u21 = new Vector<double>(predictedUtility[(2 * actions) + 1]);
        ref var r0 = ref MemoryMarshal.GetArrayDataReference(c0);
        ref var r1 = ref MemoryMarshal.GetArrayDataReference(c1);
        ref var r2 = ref MemoryMarshal.GetArrayDataReference(c2);
        ref var rm = ref MemoryMarshal.GetArrayDataReference(meu0);
        ref var rv = ref MemoryMarshal.GetArrayDataReference(values);
        var i = start;
        for (; i <= end - w; i += w)
        {
            var b0 = Vector.LoadUnsafe(ref r0, (nuint)i);
            var b1 = Vector.LoadUnsafe(ref r1, (nuint)i);
            var b2 = Vector.LoadUnsafe(ref r2, (nuint)i);
            var best = Vector.Max((b0 * u00) + (b1 * u10) + (b2 * u20), (b0 * u01) + (b1 * u11) + (b2 * u21));
            for (var a = 2; a < actions; a++)
            {
                best = Vector.Max(best, (b0 * predictedUtility[a]) + (b1 * predictedUtility[actions + a]) + (b2 * predictedUtility[(2 * actions) + a]));
            }

            best.StoreUnsafe(ref rm, (nuint)i);
            ((b0 * m0) + (b1 * m1) + (b2 * m2) - best).StoreUnsafe(ref rv, (nuint)i);
        }

        for (; i < end; i++)
        {
            var best = double.NegativeInfinity;
            for (var a = 0; a < actions; a++)
            {
                best = Math.Max(best, (c0[i] * predictedUtility[a]) + (c1[i] * predictedUtility[actions + a]) + (c2[i] * predictedUtility[(2 * actions) + a]));
            }

            meu0[i] = best;
            values[i] = (c0[i] * revealed[0]) + (c1[i] * revealed[1]) + (c2[i] * revealed[2]) - best;
        }
    }

    /// <summary>
    /// The end-of-cycle update for 3 states, vectorised with masks: b·T for everyone, b·C_k where contacted with k
    /// (unless <paramref name="passiveNonResponders"/>), e_x where state x was reported. Returns the index of the first
    /// entry of a vector block with an out-of-range contact or report, or -1; the caller reports it.
    /// </summary>
    public static int Advance3(
        double[] c0, double[] c1, double[] c2, int[] contacts, int[] reports, double[] t, double[][] interventions, bool passiveNonResponders, int start, int end)
    {
        var wd = Vector<double>.Count;
        var wi = Vector<int>.Count;
        if (wi != 2 * wd)
        {
            return AdvanceScalar3(c0, c1, c2, contacts, reports, t, interventions, passiveNonResponders, start, end);
        }

        var k = interventions.Length;
        var one = Vector<double>.One;
        var minusOne = new Vector<int>(-1);
        var maxContact = new Vector<int>(k - 1);
        var maxReport = new Vector<int>(2);
        ref var r0 = ref MemoryMarshal.GetArrayDataReference(c0);
        ref var r1 = ref MemoryMarshal.GetArrayDataReference(c1);
        ref var r2 = ref MemoryMarshal.GetArrayDataReference(c2);
        ref var rc = ref MemoryMarshal.GetArrayDataReference(contacts);
        ref var rr = ref MemoryMarshal.GetArrayDataReference(reports);
        var i = start;
        for (; i <= end - wi; i += wi)
        {
            var cv = Vector.LoadUnsafe(ref rc, (nuint)i);
            var rv = Vector.LoadUnsafe(ref rr, (nuint)i);
            if (Vector.LessThanAny(cv, minusOne) || Vector.GreaterThanAny(cv, maxContact) || Vector.LessThanAny(rv, minusOne) || Vector.GreaterThanAny(rv, maxReport))
            {
                return i;
            }

            var quiet = Vector.EqualsAll(cv, minusOne) && Vector.EqualsAll(rv, minusOne);
            Vector.Widen(cv, out var cLow, out var cHigh);
            Vector.Widen(rv, out var rLow, out var rHigh);
            Block(ref r0, ref r1, ref r2, i, t, interventions, passiveNonResponders, quiet, cLow, rLow, one);
            Block(ref r0, ref r1, ref r2, i + wd, t, interventions, passiveNonResponders, quiet, cHigh, rHigh, one);
        }

        return i < end ? AdvanceScalar3(c0, c1, c2, contacts, reports, t, interventions, passiveNonResponders, i, end) : -1;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Block(
        ref double r0, ref double r1, ref double r2, int i, double[] t, double[][] interventions, bool passive, bool quiet, Vector<long> contact, Vector<long> report, Vector<double> one)
    {
        var b0 = Vector.LoadUnsafe(ref r0, (nuint)i);
        var b1 = Vector.LoadUnsafe(ref r1, (nuint)i);
        var b2 = Vector.LoadUnsafe(ref r2, (nuint)i);
        var n0 = (b0 * t[0]) + (b1 * t[3]) + (b2 * t[6]);
        var n1 = (b0 * t[1]) + (b1 * t[4]) + (b2 * t[7]);
        var n2 = (b0 * t[2]) + (b1 * t[5]) + (b2 * t[8]);
        if (!quiet)
        {
            if (!passive)
            {
                for (var k = 0; k < interventions.Length; k++)
                {
                    var mask = Vector.AsVectorDouble(Vector.Equals(contact, new Vector<long>(k)));
                    if (mask == Vector<double>.Zero)
                    {
                        continue;
                    }

                    var c = interventions[k];
                    n0 = Vector.ConditionalSelect(mask, (b0 * c[0]) + (b1 * c[3]) + (b2 * c[6]), n0);
                    n1 = Vector.ConditionalSelect(mask, (b0 * c[1]) + (b1 * c[4]) + (b2 * c[7]), n1);
                    n2 = Vector.ConditionalSelect(mask, (b0 * c[2]) + (b1 * c[5]) + (b2 * c[8]), n2);
                }
            }

            var reported = Vector.AsVectorDouble(Vector.GreaterThan(report, new Vector<long>(-1)));
            n0 = Vector.ConditionalSelect(reported, Vector.ConditionalSelect(Vector.AsVectorDouble(Vector.Equals(report, Vector<long>.Zero)), one, Vector<double>.Zero), n0);
            n1 = Vector.ConditionalSelect(reported, Vector.ConditionalSelect(Vector.AsVectorDouble(Vector.Equals(report, Vector<long>.One)), one, Vector<double>.Zero), n1);
            n2 = Vector.ConditionalSelect(reported, Vector.ConditionalSelect(Vector.AsVectorDouble(Vector.Equals(report, new Vector<long>(2))), one, Vector<double>.Zero), n2);
        }

        n0.StoreUnsafe(ref r0, (nuint)i);
        n1.StoreUnsafe(ref r1, (nuint)i);
        n2.StoreUnsafe(ref r2, (nuint)i);
    }

    private static int AdvanceScalar3(double[] c0, double[] c1, double[] c2, int[] contacts, int[] reports, double[] t, double[][] interventions, bool passive, int start, int end)
    {
        for (var i = start; i < end; i++)
        {
            var c = contacts[i];
            var r = reports[i];
            if (c < -1 || c >= interventions.Length || r < -1 || r > 2)
            {
                return i;
            }

            if (r >= 0)
            {
                c0[i] = r == 0 ? 1 : 0;
                c1[i] = r == 1 ? 1 : 0;
                c2[i] = r == 2 ? 1 : 0;
                continue;
            }

            var m = c >= 0 && !passive ? interventions[c] : t;
            var b0 = c0[i];
            var b1 = c1[i];
            var b2 = c2[i];
            c0[i] = (b0 * m[0]) + (b1 * m[3]) + (b2 * m[6]);
            c1[i] = (b0 * m[1]) + (b1 * m[4]) + (b2 * m[7]);
            c2[i] = (b0 * m[2]) + (b1 * m[5]) + (b2 * m[8]);
        }

        return -1;
    }

    /// <summary>Σ_i max_a Σ_x b_i(x)·U(x, a) for 3 states and 2 actions.</summary>
    public static double Total3x2(double[] c0, double[] c1, double[] c2, double[] utility, int start, int end)
    {
        var w = Vector<double>.Count;
        var u00 = new Vector<double>(utility[0]);
        var u01 = new Vector<double>(utility[1]);
        var u10 = new Vector<double>(utility[2]);
        var u11 = new Vector<double>(utility[3]);
        var u20 = new Vector<double>(utility[4]);
        var u21 = new Vector<double>(utility[5]);
        ref var r0 = ref MemoryMarshal.GetArrayDataReference(c0);
        ref var r1 = ref MemoryMarshal.GetArrayDataReference(c1);
        ref var r2 = ref MemoryMarshal.GetArrayDataReference(c2);
        var acc = Vector<double>.Zero;
        var i = start;
        for (; i <= end - w; i += w)
        {
            var b0 = Vector.LoadUnsafe(ref r0, (nuint)i);
            var b1 = Vector.LoadUnsafe(ref r1, (nuint)i);
            var b2 = Vector.LoadUnsafe(ref r2, (nuint)i);
            acc += Vector.Max((b0 * u00) + (b1 * u10) + (b2 * u20), (b0 * u01) + (b1 * u11) + (b2 * u21));
        }

        var sum = Vector.Sum(acc);
        for (; i < end; i++)
        {
            sum += Math.Max((c0[i] * utility[0]) + (c1[i] * utility[2]) + (c2[i] * utility[4]), (c0[i] * utility[1]) + (c1[i] * utility[3]) + (c2[i] * utility[5]));
        }

        return sum;
    }

    /// <summary>selection[i] = values[i] &gt; cost ? 0 : -1, branch-free.</summary>
    public static void Threshold(ReadOnlySpan<double> values, double cost, Span<int> selection)
    {
        var wd = Vector<double>.Count;
        var wi = Vector<int>.Count;
        var i = 0;
        if (wi == 2 * wd)
        {
            var costs = new Vector<double>(cost);
            ref var rv = ref MemoryMarshal.GetReference(values);
            ref var rs = ref MemoryMarshal.GetReference(selection);
            for (; i <= values.Length - wi; i += wi)
            {
                var low = Vector.GreaterThan(Vector.LoadUnsafe(ref rv, (nuint)i), costs);
                var high = Vector.GreaterThan(Vector.LoadUnsafe(ref rv, (nuint)(i + wd)), costs);
                Vector.OnesComplement(Vector.Narrow(low, high)).StoreUnsafe(ref rs, (nuint)i);
            }
        }

        for (; i < values.Length; i++)
        {
            selection[i] = values[i] > cost ? 0 : -1;
        }
    }

    /// <summary>The number of entries that are not -1; -1 - index of the first entry outside [-1, k) when there is one.</summary>
    public static int CountSelected(ReadOnlySpan<int> selection, int k)
    {
        var wi = Vector<int>.Count;
        var minusOne = new Vector<int>(-1);
        var max = new Vector<int>(k - 1);
        var none = Vector<int>.Zero;
        var i = 0;
        ref var rs = ref MemoryMarshal.GetReference(selection);
        for (; i <= selection.Length - wi; i += wi)
        {
            var v = Vector.LoadUnsafe(ref rs, (nuint)i);
            if (Vector.LessThanAny(v, minusOne) || Vector.GreaterThanAny(v, max))
            {
                break;
            }

            none += Vector.Equals(v, minusOne);
        }

        var count = i + Vector.Sum(none);
        for (; i < selection.Length; i++)
        {
            var v = selection[i];
            if (v < -1 || v >= k)
            {
                return -1 - i;
            }

            count += v == -1 ? 0 : 1;
        }

        return count;
    }
}
