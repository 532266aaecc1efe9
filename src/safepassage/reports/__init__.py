"""Reports: the case file a lawyer or court receives, limited to what the reader's role may see."""
