package com.qanatix.core.spi;

import org.junit.jupiter.api.Test;

import java.io.File;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import static org.assertj.core.api.Assertions.assertThat;

/** The plugin SPI is for any plugin author: no Jackson or database-driver type in what it shows. */
class SpiSignaturesTest {
    private static final List<String> FOREIGN = List.of("com.fasterxml.", "org.postgresql.", "com.mysql.",
            "org.bson.", "com.mongodb.", "org.neo4j.");

    @Test
    void noPublicSignatureOfTheSpiNamesJacksonOrADriverType() throws Exception {
        List<Class<?>> classes = spiClasses();
        assertThat(classes).as("SPI classes found").contains(ConnectorProvider.class, RecordSource.class,
                QanatixException.class);
        List<String> offending = new ArrayList<>();
        for (Class<?> c : classes) {
            if (!Modifier.isPublic(c.getModifiers())) {
                continue;
            }
            for (Method m : c.getMethods()) {
                check(m, m.getGenericReturnType(), offending);
            }
            for (Constructor<?> k : c.getConstructors()) {
                check(k, null, offending);
            }
            for (Field f : c.getFields()) {
                if (foreign(f.getGenericType())) {
                    offending.add(c.getSimpleName() + "." + f.getName());
                }
            }
        }
        assertThat(offending).isEmpty();
    }

    private static void check(Executable e, Type returned, List<String> offending) {
        List<Type> types = new ArrayList<>(List.of(e.getGenericParameterTypes()));
        types.addAll(List.of(e.getGenericExceptionTypes()));
        if (returned != null) {
            types.add(returned);
        }
        if (types.stream().anyMatch(SpiSignaturesTest::foreign)) {
            offending.add(e.toGenericString());
        }
    }

    private static boolean foreign(Type t) {
        String name = t.getTypeName();
        return FOREIGN.stream().anyMatch(name::contains);
    }

    private static List<Class<?>> spiClasses() throws URISyntaxException, ClassNotFoundException {
        File dir = new File(Objects.requireNonNull(ConnectorProvider.class.getResource("ConnectorProvider.class"))
                .toURI()).getParentFile();
        List<Class<?>> classes = new ArrayList<>();
        for (String file : Objects.requireNonNull(dir.list())) {
            if (file.endsWith(".class") && !file.contains("$")) {
                classes.add(Class.forName("com.qanatix.core.spi." + file.substring(0, file.length() - 6)));
            }
        }
        return classes;
    }
}
