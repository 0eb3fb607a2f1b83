"""What the pages show: view models built from read models, and their display helpers."""
