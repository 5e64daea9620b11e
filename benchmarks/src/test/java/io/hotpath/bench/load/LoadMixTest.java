package io.hotpath.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LoadMixTest
{
    @Test
    void shouldPickKindsInProportionToTheirWeights()
    {
        final LoadMix mix = LoadMix.parse("decide=70, quote=20,outcome=10");
        final Map<LoadKind, Integer> picked = new EnumMap<>(LoadKind.class);
        final SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < 100_000; i++)
        {
            picked.merge(mix.pick(random), 1, Integer::sum);
        }
        assertThat(picked.get(LoadKind.DECIDE)).isBetween(69_000, 71_000);
        assertThat(picked.get(LoadKind.QUOTE)).isBetween(19_000, 21_000);
        assertThat(picked.get(LoadKind.OUTCOME)).isBetween(9_000, 11_000);
        assertThat(picked).doesNotContainKey(LoadKind.LABEL);
        assertThat(mix).hasToString("decide=70,quote=20,outcome=10");
    }

    @Test
    void shouldRefuseAMixItCannotReadNamingWhatIsWrong()
    {
        assertThatThrownBy(() -> LoadMix.parse("decide=70,refund=5")).hasMessageContaining("unknown kind \"refund\"");
        assertThatThrownBy(() -> LoadMix.parse("decide")).hasMessageContaining("expected kind=weight");
        assertThatThrownBy(() -> LoadMix.parse("decide=lots")).hasMessageContaining("whole number");
        assertThatThrownBy(() -> LoadMix.parse("decide=0")).hasMessageContaining("at least one kind");
        assertThatThrownBy(() -> LoadMix.parse("decide=1,decide=2")).hasMessageContaining("given twice");
    }
}
