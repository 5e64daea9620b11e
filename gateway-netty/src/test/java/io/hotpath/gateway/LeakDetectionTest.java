package io.hotpath.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.util.ResourceLeakDetector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LeakDetectionTest
{
    private ResourceLeakDetector.Level suiteLevel;
    private String suiteProperty;

    @BeforeEach
    void rememberTheSuiteSettings()
    {
        suiteLevel = ResourceLeakDetector.getLevel();
        suiteProperty = System.getProperty(LeakDetection.LEVEL_PROPERTY);
    }

    @AfterEach
    void putTheSuiteSettingsBack()
    {
        ResourceLeakDetector.setLevel(suiteLevel);
        if (suiteProperty == null)
        {
            System.clearProperty(LeakDetection.LEVEL_PROPERTY);
        }
        else
        {
            System.setProperty(LeakDetection.LEVEL_PROPERTY, suiteProperty);
        }
    }

    @Test
    void shouldTurnLeakDetectionOffWhenNoLevelIsAskedFor()
    {
        System.clearProperty(LeakDetection.LEVEL_PROPERTY);
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.SIMPLE);

        assertThat(LeakDetection.applyForEngine()).isEqualTo(ResourceLeakDetector.Level.SIMPLE);
        assertThat(ResourceLeakDetector.getLevel()).isEqualTo(ResourceLeakDetector.Level.DISABLED);
    }

    @Test
    void shouldLeaveTheLevelTheOperatorAskedFor()
    {
        System.setProperty(LeakDetection.LEVEL_PROPERTY, "paranoid");
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);

        LeakDetection.applyForEngine();

        assertThat(ResourceLeakDetector.getLevel()).isEqualTo(ResourceLeakDetector.Level.PARANOID);
    }
}
