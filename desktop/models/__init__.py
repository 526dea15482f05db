"""Chat models in the window: their facts and fit labels, and catalog downloads as long jobs."""
