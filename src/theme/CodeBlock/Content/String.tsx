/**
 * The classic theme's CodeBlock/Content/String (adapted from @docusaurus/theme-classic 3.10, MIT), with its
 * word-wrap hook adapted from @docusaurus/theme-common 3.10's useCodeWordWrap (MIT).
 *
 * One difference: the theme's hook watches the enclosing hidden tab with `useMutationObserver`, which memoises
 * its options with `useShallowMemoObject`, which sorts the option keys with `localeCompare`. The first
 * `localeCompare` of a page initialises the ICU collator, a task of its own during hydration (about 8 ms on a
 * desktop, four times that on Lighthouse's simulated phone), for options that never change. Here the options are
 * a module constant. The behaviour is otherwise the theme's: the word-wrap toggle, the "is it scrollable" check
 * on mount, on resize, and when a hidden tab panel holding the block is shown.
 */
import React, { useCallback, useEffect, useRef, useState, type RefObject } from 'react';
import { useThemeConfig } from '@docusaurus/theme-common';
import {
  CodeBlockContextProvider,
  createCodeBlockMetadata,
  type CodeBlockMetadata,
} from '@docusaurus/theme-common/internal';
import CodeBlockLayout from '@theme/CodeBlock/Layout';
import type { Props } from '@theme/CodeBlock/Content/String';

type WordWrap = {
  readonly codeBlockRef: RefObject<HTMLPreElement | null>;
  readonly isEnabled: boolean;
  readonly isCodeScrollable: boolean;
  readonly toggle: () => void;
};

const HIDDEN_ATTRIBUTE_OPTIONS: MutationObserverInit = {
  attributes: true,
  characterData: false,
  childList: false,
  subtree: false,
};

// Callback fires when the "hidden" attribute of a tabpanel changes (see facebook/docusaurus#7485).
function useTabBecameVisibleCallback(codeBlockRef: RefObject<HTMLPreElement | null>, callback: () => void): void {
  const [hiddenTabElement, setHiddenTabElement] = useState<Element | null | undefined>();
  const updateHiddenTabElement = useCallback(() => {
    setHiddenTabElement(codeBlockRef.current?.closest('[role=tabpanel][hidden]'));
  }, [codeBlockRef]);
  useEffect(() => {
    updateHiddenTabElement();
  }, [updateHiddenTabElement]);
  const latest = useRef(callback);
  latest.current = callback;
  useEffect(() => {
    if (!hiddenTabElement) return;
    const observer = new MutationObserver((mutations) => {
      for (const m of mutations) {
        if (m.type === 'attributes' && m.attributeName === 'hidden') {
          latest.current();
          updateHiddenTabElement();
        }
      }
    });
    observer.observe(hiddenTabElement, HIDDEN_ATTRIBUTE_OPTIONS);
    return () => observer.disconnect();
  }, [hiddenTabElement, updateHiddenTabElement]);
}

function useCodeWordWrap(): WordWrap {
  const [isEnabled, setIsEnabled] = useState(false);
  const [isCodeScrollable, setIsCodeScrollable] = useState(false);
  const codeBlockRef = useRef<HTMLPreElement>(null);

  const toggle = useCallback(() => {
    const codeElement = codeBlockRef.current!.querySelector('code')!;
    if (isEnabled) codeElement.removeAttribute('style');
    else {
      codeElement.style.whiteSpace = 'pre-wrap';
      // When code wrap is enabled, avoid a scrollbar in any case: very long words/tokens still wrap.
      codeElement.style.overflowWrap = 'anywhere';
    }
    setIsEnabled((value) => !value);
  }, [isEnabled]);

  const updateCodeIsScrollable = useCallback(() => {
    const pre = codeBlockRef.current;
    if (!pre) return;
    const { scrollWidth, clientWidth } = pre;
    setIsCodeScrollable(scrollWidth > clientWidth || pre.querySelector('code')?.hasAttribute('style') === true);
  }, []);

  useTabBecameVisibleCallback(codeBlockRef, updateCodeIsScrollable);

  useEffect(() => {
    updateCodeIsScrollable();
  }, [isEnabled, updateCodeIsScrollable]);

  useEffect(() => {
    window.addEventListener('resize', updateCodeIsScrollable, { passive: true });
    return () => window.removeEventListener('resize', updateCodeIsScrollable);
  }, [updateCodeIsScrollable]);

  return { codeBlockRef, isEnabled, isCodeScrollable, toggle };
}

function useCodeBlockMetadata(props: Props): CodeBlockMetadata {
  const { prism } = useThemeConfig();
  return createCodeBlockMetadata({
    code: props.children,
    className: props.className,
    metastring: props.metastring,
    magicComments: prism.magicComments,
    defaultLanguage: prism.defaultLanguage,
    language: props.language,
    title: props.title,
    showLineNumbers: props.showLineNumbers,
  });
}

export default function CodeBlockString(props: Props): React.JSX.Element {
  const metadata = useCodeBlockMetadata(props);
  const wordWrap = useCodeWordWrap();
  return (
    <CodeBlockContextProvider metadata={metadata} wordWrap={wordWrap}>
      <CodeBlockLayout />
    </CodeBlockContextProvider>
  );
}
