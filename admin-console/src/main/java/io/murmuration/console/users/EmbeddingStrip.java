package io.murmuration.console.users;

import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;

/**
 * A user's embedding as a heat strip: one cell per factor, blue for negative, red for positive, the strength
 * scaled to the largest magnitude so two strips side by side compare by shape.
 */
public final class EmbeddingStrip extends Canvas {

    private float[] values = new float[0];

    public EmbeddingStrip(double width, double height) {
        super(width, height);
        widthProperty().addListener((o, a, b) -> draw());
    }

    public void show(float[] embedding) {
        values = embedding == null ? new float[0] : embedding.clone();
        draw();
    }

    public int cells() {
        return values.length;
    }

    @Override
    public boolean isResizable() {
        return true;
    }

    @Override
    public double prefWidth(double height) {
        return 480;
    }

    @Override
    public double prefHeight(double width) {
        return getHeight();
    }

    @Override
    public void resize(double width, double height) {
        setWidth(width);
    }

    private void draw() {
        GraphicsContext g = getGraphicsContext2D();
        g.clearRect(0, 0, getWidth(), getHeight());
        if (values.length == 0) return;
        double max = 1e-9;
        for (float v : values) max = Math.max(max, Math.abs(v));
        double cell = getWidth() / values.length;
        for (int i = 0; i < values.length; i++) {
            double strength = Math.min(1, Math.abs(values[i]) / max);
            Color hue = values[i] >= 0 ? Color.rgb(220, 60, 60) : Color.rgb(50, 110, 220);
            g.setFill(Color.color(hue.getRed(), hue.getGreen(), hue.getBlue(), 0.12 + 0.88 * strength));
            g.fillRect(i * cell, 0, Math.max(1, cell - 1), getHeight());
        }
    }
}
