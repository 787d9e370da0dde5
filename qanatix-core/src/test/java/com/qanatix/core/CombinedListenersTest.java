package com.qanatix.core;

import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CombinedListenersTest {

    private static List<Method> events() {
        return Arrays.stream(PullListener.class.getMethods())
                .filter(m -> m.isDefault() && !Modifier.isStatic(m.getModifiers())).toList();
    }

    /** A listener that records the name of every event it receives. */
    private static PullListener recording(List<String> seen, String who) {
        return (PullListener) Proxy.newProxyInstance(PullListener.class.getClassLoader(),
                new Class<?>[] {PullListener.class}, (proxy, method, args) -> {
                    seen.add(who + ":" + method.getName());
                    return null;
                });
    }

    private static Object[] argumentsFor(Method m) {
        Object[] args = new Object[m.getParameterCount()];
        Class<?>[] types = m.getParameterTypes();
        for (int i = 0; i < args.length; i++) {
            args[i] = types[i] == long.class ? 1L : types[i] == int.class ? (Object) 1 : null;
        }
        return args;
    }

    @Test
    void everyEventReachesEveryListenerInOrder() throws Exception {
        List<String> seen = new ArrayList<>();
        PullListener all = PullListener.all(List.of(recording(seen, "a"), PullListener.NONE, recording(seen, "b")));
        for (Method event : events()) {
            seen.clear();
            event.invoke(all, argumentsFor(event));
            assertThat(seen).as(event.getName()).containsExactly("a:" + event.getName(), "b:" + event.getName());
        }
    }

    @Test
    void aListenerThatThrowsDoesNotKeepTheOthersFromTheEvent() {
        List<String> seen = new ArrayList<>();
        PullListener throwing = new PullListener() {
            @Override
            public void lateRowsCaught(PullInfo pull, long rows) {
                throw new IllegalStateException("boom");
            }
        };
        PullListener all = PullListener.all(List.of(throwing, recording(seen, "b")));

        assertThatThrownBy(() -> all.lateRowsCaught(null, 3)).hasMessage("boom");
        assertThat(seen).containsExactly("b:lateRowsCaught");
    }

    @Test
    void noListenersOrOnlyOneNeedNoWrapper() {
        PullListener one = new PullListener() { };
        assertThat(PullListener.all(List.of())).isSameAs(PullListener.NONE);
        assertThat(PullListener.all(List.of(one, PullListener.NONE))).isSameAs(one);
    }
}
