package io.murmuration.node;

import static org.junit.jupiter.api.Assertions.assertEquals;

import akka.actor.typed.ActorSystem;
import akka.serialization.Serialization;
import akka.serialization.SerializationExtension;
import akka.serialization.Serializer;
import akka.serialization.Serializers;

/** A message written and read back by the node's configured serializer, as it crosses to another node. */
public final class WireRoundTrip {

    private WireRoundTrip() {}

    @SuppressWarnings("unchecked")
    public static <T> T of(ActorSystem<?> system, T message) {
        Serialization serialization = SerializationExtension.get(system.classicSystem());
        Serializer serializer = serialization.findSerializerFor(message);
        // The binding of reference.conf, not Java serialization, which a cluster refuses.
        assertEquals("JacksonCborSerializer", serializer.getClass().getSimpleName());
        byte[] bytes = serialization.serialize(message).get();
        return (T) serialization.deserialize(bytes, serializer.identifier(), Serializers.manifestFor(serializer, message)).get();
    }
}
